"""``python -m orchestration.samples OUT_DIR [--seed N]``: write the sample deliveries."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import DEFAULT_SEED, generate_samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestration.samples", description=__doc__)
    parser.add_argument("out_dir", type=Path, help="landing folder to write <domain>/<file> into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    paths = generate_samples(args.out_dir, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} files, {size:,} bytes ({size / 2**20:.1f} MiB) in {args.out_dir} "
          f"[{time.perf_counter() - started:.1f} s]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
