"""One synthetic trip report as a list of blocks, built from a seeded random generator.

A report recombines a numbering style (壹、 / 一、 / 第一章), a section plan, a
cover form (提要表) or none, a participant table, an itinerary and body text
that mentions organizations, people, places and dates. Renderers in
``benchmarks/render.py`` turn the blocks into PDF, txt, md and docx.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from benchmarks import vocab as V

FORMAL = "壹貳參肆伍陸柒捌玖拾"
DIGITS = "一二三四五六七八九"


def zh_number(n: int) -> str:
    if n <= 9:
        return DIGITS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else DIGITS[tens - 1]) + "十" + (DIGITS[ones - 1] if ones else "")


@dataclass
class Heading:
    level: int
    marker: str
    title: str


@dataclass
class Para:
    text: str
    level: int = 0  # indentation hint


@dataclass
class Table:
    rows: list[list[str]]  # the first row is the header
    ruled: bool
    kind: str  # itinerary, participants, cover


@dataclass
class Cover:
    heading: str
    fields: list[tuple[str, str]]


@dataclass
class Report:
    index: int
    title: str
    agency: str
    blocks: list = field(default_factory=list)
    fake_bold: int = 4  # copies of a heading (0/1 = none)
    wrap: int = 84  # display columns of a text dump's hard wraps
    style: str = "formal"


class Dates:
    """One report's date style: ROC or Gregorian, long or dotted."""

    def __init__(self, rng: random.Random):
        self.roc = rng.random() < 0.6
        self.long = rng.random() < 0.6
        self.sep = rng.choice([".", "/"])

    def year(self, d: date) -> int:
        return d.year - 1911 if self.roc else d.year

    def full(self, d: date) -> str:
        if self.long:
            return f"{self.year(d)}年{d.month}月{d.day}日"
        return f"{self.year(d)}{self.sep}{d.month:02d}{self.sep}{d.day:02d}"

    def row(self, d: date, rng: random.Random) -> str:
        if rng.random() < 0.15:
            return f"{d.month}/{d.day}（{V.WEEKDAYS[d.weekday()]}）"
        return f"{self.year(d)}{self.sep}{d.month}{self.sep}{d.day}" if not self.long else self.full(d)

    def span(self, start: date, end: date) -> str:
        if self.long and start.year == end.year:
            return f"{self.full(start)}至{end.month}月{end.day}日"
        return f"{self.full(start)}至{self.full(end)}"


class Markers:
    """Numbering markers of one report, by depth from the top (0 = top)."""

    def __init__(self, rng: random.Random, style: str):
        self.style = style
        self.top_sep = "，" if rng.random() < 0.1 else "、"
        self.half = rng.random() < 0.3  # (一) and (1) in half-width brackets
        self.arabic_sep = "、" if rng.random() < 0.2 else "."
        kinds = {"formal": ["formal", "zh", "pzh", "ar", "par"], "zh": ["zh", "pzh", "ar", "par"],
                 "chapter": ["chapter", "zh", "pzh", "ar", "par"]}
        self.kinds = kinds[style]

    def __call__(self, depth: int, n: int) -> str:
        kind = self.kinds[min(depth, len(self.kinds) - 1)]
        o, c = ("(", ")") if self.half else ("（", "）")
        if kind == "formal":
            return FORMAL[(n - 1) % 10] + self.top_sep
        if kind == "chapter":
            return f"第{zh_number(n)}章 "
        if kind == "zh":
            return zh_number(n) + "、"
        if kind == "pzh":
            return f"{o}{zh_number(n)}{c}"
        if kind == "ar":
            return f"{n}{self.arabic_sep}"
        return f"{o}{n}{c}"


PLANS = [
    ["summary", "participants", "purpose", "process", "reflections+recommendations", "appendix"],
    ["purpose", "process", "reflections", "recommendations"],
    ["summary", "purpose", "process", "reflections+recommendations"],
    ["preface", "purpose", "process", "reflections", "recommendations", "appendix"],
    ["summary", "participants", "purpose", "process", "reflections", "recommendations"],
]
TITLES = {
    "summary": ["摘要", "內容摘要", "報告摘要"],
    "participants": ["出國人員名單", "出國人員", "考察團成員"],
    "purpose": ["目的", "出國目的", "考察目的", "緣起與目的"],
    "process": ["過程", "出國過程", "考察過程", "參訪行程及內容", "會議過程"],
    "reflections": ["心得", "考察心得", "研習心得"],
    "recommendations": ["建議", "建議事項", "具體建議"],
    "reflections+recommendations": ["心得及建議", "心得與建議", "心得及建議事項"],
    "appendix": ["附錄", "附件"],
    "preface": ["前言", "緣起"],
}


class Writer:
    """Body text for one report: sentences that mention its orgs, people, places and dates."""

    def __init__(self, rng: random.Random, ctx: dict):
        self.rng = rng
        self.ctx = ctx

    def sentence(self) -> str:
        r, c = self.rng, self.ctx
        org, event = r.choice(c["orgs"]), c["event"]
        city, country = r.choice(c["stops"])
        topic = r.choice(V.TOPICS)[0]
        d = c["start"] + timedelta(days=r.randrange(c["days"]))
        templates = [
            f"本次出國係參加由「{org.zh}」（{org.en}, {org.abbr}）主辦之「{event.zh}」（{event.en}），會中各國代表就{topic}議題交換意見。",
            f"「{org.zh}」總部設於{country}{city}，現有會員超過{r.randrange(20, 900)}個城市及機構，為推動{topic}之重要國際組織。",
            f"{c['dates'].full(d)}拜會{city}{r.choice(['市政府', '港務局', '交通局', '環境局'])}，由{r.choice(V.FOREIGN_ROLES)}{V.make_foreigner(r)}（{r.choice(V.FOREIGN_ROLES)}）接待，雙方就{topic}政策及實務經驗進行交流。",
            f"會中{V.make_foreigner(r)}{r.choice(V.FOREIGN_ROLES)}致詞表示，{topic}為各城市共同面對之課題，期盼透過經驗分享建立長期合作機制。",
            f"{city}在{topic}方面之作法值得借鏡，其推動經驗包括跨部門協調、民間參與及數位工具之運用，可作為本府研議相關政策之參考。",
            f"本次行程共參訪{r.randrange(3, 15)}個機關及{r.randrange(2, 9)}處設施，蒐集相關資料計{r.randrange(5, 40)}份，返國後已彙整提供相關單位參考。",
            f"依據{c['dates'].year(c['start'])}年度出國計畫，本{r.choice(['府', '局', '署', '處'])}派員出席，以掌握國際{topic}發展趨勢並建立聯繫管道。",
            f"去年會議於{r.choice(c['stops'])[0]}舉行，今年則由{city}主辦，共有{r.randrange(12, 60)}個國家、超過{r.randrange(100, 900)}位代表與會。",
        ]
        return r.choice(templates)

    def paragraph(self, n: tuple[int, int] = (2, 5)) -> str:
        return "".join(self.sentence() for _ in range(self.rng.randint(*n)))


def build_itinerary(rng: random.Random, ctx: dict) -> Table:
    dates: Dates = ctx["dates"]
    home = ctx["home"]
    rows = [rng.choice([["日期", "地點", "行程"], ["日期", "行程地點", "工作內容"], ["日期", "地點", "行程內容"]])]
    stops = ctx["stops"]
    for k in range(ctx["days"]):
        day = ctx["start"] + timedelta(days=k)
        city = stops[min(k * len(stops) // ctx["days"], len(stops) - 1)][0]
        if k == 0:
            route, act = f"{home}－{city}", f"搭機前往{city}"
        elif k == ctx["days"] - 1:
            route, act = f"{city}－{home}", f"搭機返抵{home}"
        else:
            prev = stops[min((k - 1) * len(stops) // ctx["days"], len(stops) - 1)][0]
            route = city if prev == city else f"{prev}－{city}"
            org = rng.choice(ctx["orgs"])
            act = rng.choice([f"參加「{ctx['event'].zh}」", f"拜會「{org.zh}」並交流{rng.choice(V.TOPICS)[0]}經驗",
                              f"參訪{city}{rng.choice(['市政府', '科技園區', '污水處理廠', '港區', '美術館'])}", "出席開幕式及專題演講"])
        rows.append([dates.row(day, rng), route, act])
    return Table(rows, ruled=rng.random() < 0.6, kind="itinerary")


def build_participants(rng: random.Random, people: list[V.Person]) -> Table:
    layout = rng.choice([("編號", "單位", "職稱", "姓名"), ("編號", "姓名", "服務機關", "職稱"), ("姓名", "服務單位", "職稱")])
    rows = [list(layout)]
    for k, p in enumerate(people, 1):
        cell = {"編號": str(k), "單位": p.agency, "服務機關": p.agency, "服務單位": f"{p.agency}{p.unit}",
                "職稱": p.job_title, "姓名": p.name}
        rows.append([cell[h] for h in layout])
    return Table(rows, ruled=rng.random() < 0.7, kind="participants")


def build_cover(rng: random.Random, ctx: dict, report_title: str, people: list[V.Person]) -> Cover:
    dates: Dates = ctx["dates"]
    trip = rng.choice(V.TRIP_TYPES)
    boxes = " ".join(("■" if t == trip else "□") + t for t in V.TRIP_TYPES)
    if trip == "其他":
        pick = rng.choice(V.OTHER_OPTIONS)
        boxes += "（" + " ".join(("■" if o == pick else "□") + o for o in V.OTHER_OPTIONS) + "）"
    attach = rng.random() < 0.4
    contact = people[0]
    fields = [
        ("類別", rng.choice(V.CATEGORIES)),
        ("出國報告名稱", report_title),
        ("頁數", str(rng.randrange(8, 60))),
        ("含附件", ("■是 □否" if attach else "□是 ■否")),
        ("出國計畫主辦機關", ctx["agency"]),
        ("聯絡人", contact.name),
        ("電話", V.make_phone(rng)),
        ("出國人員姓名/服務機關/單位/職稱", "；".join(f"{p.name}/{p.agency}/{p.unit}/{p.job_title}" for p in people)),
        ("出國類別", boxes),
        ("出國期間", dates.span(ctx["start"], ctx["end"])),
        ("出國地區", "、".join(dict.fromkeys(country for _, country in ctx["stops"]))),
        ("報告日期", dates.full(ctx["report_date"])),
        ("關鍵詞", "、".join(rng.sample([t for t, _ in V.TOPICS], 3))),
        ("內容摘要", Writer(rng, ctx).paragraph((2, 3))),
    ]
    head = rng.choice(["公務出國報告提要", "出國報告提要", "公務出國或赴大陸地區報告提要"])
    return Cover(f"{ctx['gov']}{head}", fields)


def build_section(rng: random.Random, kind: str, ctx: dict, mark: Markers, writer: Writer, scale: float) -> list:
    blocks: list = []
    n_paras = max(1, round(rng.randint(1, 3) * scale))
    if kind == "participants":
        return [build_participants(rng, ctx["people"])]
    if kind == "process":
        blocks.append(Heading(2, mark(1, 1), rng.choice(["行程表", "行程", "考察行程"])))
        blocks.append(build_itinerary(rng, ctx))
        for k in range(2, 2 + rng.randint(1, 3)):
            blocks.append(Heading(2, mark(1, k), rng.choice(["會議內容", "參訪紀要", "拜會紀要", "專題研討"])))
            for j in range(1, rng.randint(1, 4) + 1):
                blocks.append(Heading(3, mark(2, j), rng.choice(V.TOPICS)[0] + rng.choice(["議題", "場次", "分組會議"])))
                for _ in range(n_paras):
                    blocks.append(Para(writer.paragraph()))
                if rng.random() < 0.5:  # numbered paragraphs two and three levels further down
                    for i in range(1, rng.randint(2, 4)):
                        blocks.append(Para(mark(3, i) + writer.sentence(), level=3))
                        if rng.random() < 0.4:
                            blocks.append(Para(mark(4, 1) + writer.sentence(), level=4))
        return blocks
    if kind in ("reflections", "recommendations", "reflections+recommendations"):
        blocks.append(Para(writer.paragraph((1, 3))))
        for i in range(1, rng.randint(3, 6)):
            lead = rng.choice(["持續參與國際組織", "強化城市交流", "推動數位治理", "建立合作機制", "培育國際人才"])
            blocks.append(Para(f"{mark(1, i)}{lead}：{writer.paragraph((1, 2))}", level=1))
        return blocks
    if kind == "appendix":
        return [Para(f"{mark(1, i)}{t}", level=1) for i, t in enumerate(["會議議程", "會議手冊", "活動照片"], 1)]
    return [Para(writer.paragraph()) for _ in range(n_paras)]


def build_report(seed: int, index: int, *, small: bool = False) -> Report:
    """Report number ``index`` of the corpus with this seed (independent of the corpus size)."""
    rng = random.Random(f"{seed}:{index}")
    start = date(2012, 1, 1) + timedelta(days=rng.randrange(365 * 12))
    days = rng.randint(3, 6) if small else rng.randint(3, 12)
    country_count = 1 if small or rng.random() < 0.6 else 2
    stops = []
    for country, cities in rng.sample(V.PLACES, country_count):
        for city in rng.sample(cities, min(len(cities), rng.randint(1, 2))):
            stops.append((city, country))
    agency, unit = V.make_agency(rng)
    people = [V.Person(V.make_name(rng), agency, unit, rng.choice(V.JOB_TITLES)) for _ in range(rng.randint(1, 5))]
    event = V.make_event(rng, start.year)
    ctx = {
        "start": start, "days": days, "end": start + timedelta(days=days - 1),
        "report_date": start + timedelta(days=days + rng.randrange(20, 90)),
        "stops": stops, "home": rng.choice(V.HOME_CITIES), "agency": agency, "people": people,
        "orgs": [V.make_org(rng) for _ in range(rng.randint(2, 5))], "event": event,
        "dates": Dates(rng), "gov": agency[:3] + "政府" if "政府" in agency else agency[:3],
    }
    title = f"出席{stops[0][1]}{stops[0][0]}「{event.zh}」報告" if rng.random() < 0.5 else \
        f"赴{'、'.join(dict.fromkeys(c for _, c in stops))}考察{rng.choice(V.TOPICS)[0]}業務出國報告"
    style = rng.choice(["formal", "formal", "zh", "chapter"])
    report = Report(index, title, agency, fake_bold=rng.choice([0, 2, 4, 4]), wrap=rng.randint(76, 92), style=style)
    mark, writer = Markers(rng, style), Writer(rng, ctx)
    if not small and rng.random() < 0.6:
        report.blocks.append(build_cover(rng, ctx, title, people))
    plan = ["purpose", "process", "reflections+recommendations"] if small else rng.choice(PLANS)
    scale = 0.5 if small else rng.choice([0.7, 1.0, 1.5, 2.5])
    for n, kind in enumerate(plan, 1):
        name = rng.choice(TITLES[kind])
        report.blocks.append(Heading(1, mark(0, n), name))
        report.blocks.extend(build_section(rng, kind.split("+")[0] if kind == "participants" else kind, ctx, mark, writer, scale))
    return report
