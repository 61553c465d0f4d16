"""The indicator catalog as the extractor reads it, and the lexicon bound to it.

The catalog (seed ``indicator_catalog.csv`` → ``marts.dim_indicator``) is the one place that knows
an indicator's unit and kind; the lexicon (``lexicon.yaml`` beside this module) only knows the words.
``Lexicon.load`` binds the two: a lexicon code missing from the catalog is dropped (and listed in
``Lexicon.missing``), and each catalog ``name_zh`` becomes a phrase of its own code.

The wordings of the phrase mapping (seed ``indicator_phrases.csv``, shared with the official forms)
marked ``report`` or ``both`` are phrases too: a wording of a breakdown variant (城市低保人数 →
dibao_urban_persons, the ``urban`` part of dibao_persons) becomes a phrase of the lexicon topic that
implies that part, so the part's code is still picked by the unit of the figure; a wording of a
topic's own code becomes a phrase of that topic; any other a phrase of its code alone.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from orchestration import settings

LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")
CATALOG_SEED = settings.DBT_PROJECT_DIR / "seeds" / "indicator_catalog.csv"
PHRASES_SEED = settings.DBT_PROJECT_DIR / "seeds" / "indicator_phrases.csv"


def load_report_phrases(path: Path | str | None = None) -> list[tuple[str, str]]:
    """(wording, indicator_code) of the phrase mapping marked ``report`` or ``both``; a form label
    qualified by its heading (``<heading>/<label>``) is a form's wording only."""
    with open(Path(path) if path else PHRASES_SEED, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return sorted({(r["phrase"].strip(), r["indicator_code"].strip()) for r in rows
                   if (r.get("source") or "").strip() in ("report", "both")
                   and r.get("phrase") and "/" not in r["phrase"] and r.get("indicator_code")})


@dataclass(frozen=True)
class Indicator:
    code: str
    name_zh: str
    domain: str
    unit: str
    kind: str  # stock | flow | rate | standard
    numerator_code: str | None = None
    denominator_code: str | None = None

    def basis(self, catalog: dict[str, "Indicator"]) -> str:
        """stock or flow: how a value of this indicator relates to time."""
        if self.kind in ("stock", "standard"):
            return "stock"
        if self.kind == "flow":
            return "flow"
        num = catalog.get(self.numerator_code or "")
        return "flow" if num is not None and num.kind == "flow" else "stock"


def load_catalog(path: Path | str | None = None, con=None) -> dict[str, Indicator]:
    """The catalog from ``marts.dim_indicator`` (when ``con`` is given) or the seed CSV."""
    rows: list[dict[str, str | None]]
    if con is not None:
        cur = con.execute("select indicator_code, name_zh, domain, unit, kind, numerator_code, denominator_code "
                          "from marts.dim_indicator")
        cols = [d[0] for d in cur.description]
        rows = [dict(zip(cols, r)) for r in cur.fetchall()]
    else:
        with open(Path(path) if path else CATALOG_SEED, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    return {
        r["indicator_code"]: Indicator(
            code=r["indicator_code"], name_zh=r["name_zh"] or "", domain=r["domain"] or "",
            unit=r["unit"] or "", kind=r["kind"] or "",
            numerator_code=r.get("numerator_code") or None, denominator_code=r.get("denominator_code") or None,
        )
        for r in rows if r.get("indicator_code")
    }


@dataclass(frozen=True)
class CodeRule:
    code: str
    cues: tuple[str, ...] = ()
    breakdowns: tuple[tuple[str, str], ...] = ()
    time: str | None = None  # "flow": preferred when the figure covers a window of the period


@dataclass(frozen=True)
class Phrase:
    text: str  # literal phrase, or a regular expression when regex is True
    topic: str
    breakdown: str | None = None
    regex: bool = False
    head_only: bool = False


@dataclass
class Topic:
    name: str
    codes: list[CodeRule]

    def cue_words(self) -> set[str]:
        return {c for rule in self.codes for c in rule.cues}


@dataclass
class Lexicon:
    topics: dict[str, Topic]
    phrases: list[Phrase]
    breakdowns: dict[str, list[str]]
    labels: list[str]
    glue: list[str]
    generic_heads: list[str]
    exclusion_cues: list[str]
    plan_cues: list[str]
    plan_headings: list[str]
    place_nouns: list[str]
    change_verbs: dict[str, int]
    level_verbs: list[str]
    change_cues: list[str]
    object_verbs: list[str]
    catalog: dict[str, Indicator]
    missing: list[str] = field(default_factory=list)
    report_phrases: tuple[tuple[str, str], ...] = ()  # the seed wordings read (wording, code)
    _literal: re.Pattern | None = None
    _head: re.Pattern | None = None

    @classmethod
    def load(cls, catalog: dict[str, Indicator], path: Path | str | None = None,
             phrases_path: Path | str | None = None) -> "Lexicon":
        import yaml

        data = yaml.safe_load(Path(path or LEXICON_PATH).read_text(encoding="utf-8"))
        topics: dict[str, Topic] = {}
        phrases: list[Phrase] = []
        missing: list[str] = []
        for name, spec in (data.get("topics") or {}).items():
            rules = []
            for c in spec.get("codes") or []:
                code = c["code"]
                variants = tuple((k, v) for k, v in (c.get("breakdowns") or {}).items() if v in catalog)
                missing += [v for v in (c.get("breakdowns") or {}).values() if v not in catalog]
                if code not in catalog:
                    missing.append(code)
                    continue
                rules.append(CodeRule(code, tuple(c.get("cues") or ()), variants, c.get("time")))
            if not rules and spec.get("codes"):
                continue  # every code of the topic is missing from the catalog
            # a topic without codes is an anchor: its statements are kept, unmapped, with the phrase
            topics[name] = Topic(name, rules)
            for p, head_only in [(p, False) for p in spec.get("phrases") or []] + \
                                [(p, True) for p in spec.get("head_only") or []]:
                text, _, breakdown = str(p).partition(" =")
                if text.startswith("re:"):
                    phrases.append(Phrase(text[3:], name, breakdown or None, regex=True, head_only=head_only))
                else:
                    phrases.append(Phrase(text, name, breakdown or None, head_only=head_only))
        # every catalog name is a phrase of its own code (a one-code topic), and of the lexicon topics
        # that know the code ("慈善组织数" names charities and the topic 慈善组织 with its 新增 code)
        for ind in catalog.values():
            if not ind.name_zh or len(ind.name_zh) < 4:
                continue
            topic = f"catalog:{ind.code}"
            topics[topic] = Topic(topic, [CodeRule(ind.code)])
            phrases.append(Phrase(ind.name_zh, topic))
            for name, t in list(topics.items()):
                if not name.startswith("catalog:") and any(r.code == ind.code for r in t.codes):
                    phrases.append(Phrase(ind.name_zh, name))
        report_phrases = tuple((t, c) for t, c in load_report_phrases(phrases_path) if c in catalog)
        missing += [c for _t, c in load_report_phrases(phrases_path) if c not in catalog]
        for text, code in report_phrases:
            parts = [(name, key) for name, t in topics.items() if not name.startswith("catalog:")
                     for rule in t.codes for key, variant in rule.breakdowns if variant == code]
            if parts:  # a part of a topic's code: the topic, with the part the wording names
                phrases += [Phrase(text, name, key) for name, key in parts]
                continue
            owners = [name for name, t in topics.items() if not name.startswith("catalog:")
                      and any(r.code == code for r in t.codes)]
            phrases += [Phrase(text, name) for name in owners]
            topic = f"catalog:{code}"
            topics.setdefault(topic, Topic(topic, [CodeRule(code)]))
            phrases.append(Phrase(text, topic))
        lex = cls(
            topics=topics, phrases=phrases,
            breakdowns={k: list(v) for k, v in (data.get("breakdowns") or {}).items()},
            labels=list(data.get("labels") or []),
            glue=sorted(set(data.get("glue") or []), key=len, reverse=True),
            generic_heads=list(data.get("generic_heads") or []),
            exclusion_cues=list(data.get("exclusion_cues") or []),
            plan_cues=list(data.get("plan_cues") or []),
            plan_headings=list(data.get("plan_headings") or []),
            place_nouns=list(data.get("place_nouns") or []),
            change_verbs={str(k): int(v) for k, v in (data.get("change_verbs") or {}).items()},
            level_verbs=list(data.get("level_verbs") or []),
            change_cues=list(data.get("change_cues") or []),
            object_verbs=list(data.get("object_verbs") or []),
            catalog=catalog, missing=sorted(set(missing)), report_phrases=report_phrases,
        )
        literal = sorted({p.text for p in phrases if not p.regex and not p.head_only}, key=len, reverse=True)
        # a lookahead finds a phrase at every position (overlapping ones too: 城市社区 | 社区专职工作者)
        lex._literal = re.compile("(?=(" + "|".join(re.escape(t) for t in literal) + "))")
        head = sorted({p.text for p in phrases if p.head_only}, key=len, reverse=True)
        lex._head = re.compile("|".join(re.escape(t) for t in head)) if head else None
        return lex

    def phrase_index(self) -> dict[str, list[Phrase]]:
        out: dict[str, list[Phrase]] = {}
        for p in self.phrases:
            out.setdefault(p.text, []).append(p)
        return out
