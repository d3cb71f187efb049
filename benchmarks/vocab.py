"""General vocabulary for the synthetic corpus: grammars for names, places, titles and phrases.

Nothing here comes from the seed reports or the gold: agencies are built from
Taiwanese local-government and ministry patterns, foreign organizations from a
scope + topic + suffix grammar (with an English name and its initials), people
from common surnames and given-name characters, places from a generic list.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

LOCAL_GOVS = [
    "臺北市", "新北市", "桃園市", "臺南市", "高雄市", "基隆市", "新竹市", "嘉義市", "新竹縣", "苗栗縣",
    "彰化縣", "南投縣", "雲林縣", "屏東縣", "宜蘭縣", "花蓮縣", "臺東縣", "澎湖縣", "連江縣",
]
LOCAL_UNITS = [
    "觀光旅遊局", "環境保護局", "交通局", "經濟發展局", "文化局", "教育局", "衛生局", "都市發展局",
    "水利局", "農業局", "社會局", "研究發展考核委員會", "消防局", "資訊局", "工務局",
]
SUB_UNITS = ["綜合規劃科", "企劃科", "行政科", "資訊管理科", "推廣科", "管理科", "國際合作科", "研究發展科"]
MINISTRIES = [
    ("交通部", ["觀光署", "公路局", "航港局", "中央氣象署"]),
    ("經濟部", ["產業發展署", "國際貿易署", "水利署", "能源署", "標準檢驗局"]),
    ("衛生福利部", ["疾病管制署", "食品藥物管理署", "國民健康署"]),
    ("內政部", ["國土管理署", "消防署", "移民署"]),
    ("農業部", ["林業及自然保育署", "漁業署", "動植物防疫檢疫署"]),
    ("教育部", ["體育署", "國民及學前教育署"]),
    ("環境部", ["資源循環署", "氣候變遷署"]),
]
SCOPES = [("國際", "International"), ("亞太", "Asia-Pacific"), ("世界", "World"), ("全球", "Global"),
          ("歐洲", "European"), ("東亞", "East Asian"), ("北太平洋", "North Pacific")]
TOPICS = [("水資源", "Water Resources"), ("智慧城市", "Smart Cities"), ("公共運輸", "Public Transport"),
          ("觀光", "Tourism"), ("港口", "Ports"), ("防災", "Disaster Resilience"), ("公共衛生", "Public Health"),
          ("再生能源", "Renewable Energy"), ("都市規劃", "Urban Planning"), ("食品安全", "Food Safety"),
          ("海洋保育", "Ocean Conservation"), ("文化資產", "Cultural Heritage"), ("道路安全", "Road Safety")]
ORG_SUFFIXES = [("協會", "Association"), ("聯盟", "Alliance"), ("組織", "Organization"), ("委員會", "Committee"),
                ("理事會", "Council"), ("基金會", "Foundation"), ("網絡", "Network"), ("研究院", "Institute")]
EVENT_SUFFIXES = [("年會", "Annual Meeting"), ("大會", "Congress"), ("研討會", "Conference"), ("論壇", "Forum"),
                  ("博覽會", "Expo"), ("高峰會", "Summit"), ("工作坊", "Workshop")]
SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝洪郭邱曾廖賴徐周葉蘇莊呂江何蕭羅高潘簡朱鍾彭游詹胡施沈余盧梁趙顏柯翁魏孫戴"
GIVEN = "志明淑芬家豪怡君俊傑雅婷宗翰佳穎冠宇欣承恩思妤彥廷詩涵柏雯建宏美玲文彬秀英正德惠如國華玉珍信良"
JOB_TITLES = ["科長", "專員", "技正", "科員", "約聘人員", "股長", "副局長", "局長", "秘書", "視察", "研究員",
              "組長", "副處長", "簡任技正", "主任", "專門委員", "副總工程司"]
FOREIGN_FIRST = ["Maria", "John", "Kenji", "Anna", "David", "Sophie", "Ahmed", "Lucas", "Yuki", "Elena", "Ravi", "Ingrid"]
FOREIGN_LAST = ["Schmidt", "Tanaka", "Garcia", "Kim", "Nguyen", "Rossi", "Dubois", "Silva", "Novak", "Ito", "Larsen", "Patel"]
FOREIGN_ROLES = ["市長", "副市長", "秘書長", "執行長", "主席", "處長", "理事長", "部長", "總監"]
PLACES = [
    ("日本", ["東京", "大阪", "橫濱", "福岡", "札幌", "神戶"]),
    ("韓國", ["釜山", "仁川", "大邱"]),
    ("新加坡", ["新加坡"]),
    ("泰國", ["清邁", "普吉"]),
    ("越南", ["河內", "胡志明市", "峴港"]),
    ("馬來西亞", ["吉隆坡", "檳城"]),
    ("菲律賓", ["馬尼拉", "宿霧"]),
    ("印度", ["新德里", "孟買"]),
    ("澳大利亞", ["雪梨", "墨爾本", "布里斯本"]),
    ("紐西蘭", ["奧克蘭", "威靈頓"]),
    ("美國", ["舊金山", "紐約", "西雅圖", "波士頓", "華盛頓"]),
    ("加拿大", ["溫哥華", "多倫多", "蒙特婁"]),
    ("英國", ["倫敦", "曼徹斯特", "愛丁堡"]),
    ("德國", ["柏林", "慕尼黑", "漢堡", "法蘭克福"]),
    ("荷蘭", ["鹿特丹", "海牙"]),
    ("比利時", ["布魯塞爾"]),
    ("瑞典", ["斯德哥爾摩"]),
    ("丹麥", ["哥本哈根"]),
    ("奧地利", ["維也納"]),
    ("捷克", ["布拉格"]),
    ("義大利", ["羅馬", "米蘭"]),
]
HOME_CITIES = ["臺北", "桃園", "高雄", "臺南"]
TRIP_TYPES = ["考察", "進修", "研究", "實習", "其他"]
OTHER_OPTIONS = ["國際會議", "業務接洽", "表演", "比賽", "洽展", "海外檢測"]
CATEGORIES = ["其他", "考察", "開會", "訪問", "研究"]
WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class Org:
    zh: str
    en: str
    abbr: str


@dataclass(frozen=True)
class Person:
    name: str
    agency: str
    unit: str
    job_title: str


def make_org(rng: random.Random) -> Org:
    (sz, se), (tz, te), (xz, xe) = rng.choice(SCOPES), rng.choice(TOPICS), rng.choice(ORG_SUFFIXES)
    en = f"{se} {te} {xe}"
    abbr = "".join(w[0] for w in en.replace("-", " ").split() if w[0].isupper())
    return Org(sz + tz + xz, en, abbr)


def make_event(rng: random.Random, year: int) -> Org:
    (sz, se), (tz, te), (xz, xe) = rng.choice(SCOPES), rng.choice(TOPICS), rng.choice(EVENT_SUFFIXES)
    return Org(f"{year}{sz}{tz}{xz}", f"{year} {se} {te} {xe}", "")


def make_agency(rng: random.Random) -> tuple[str, str]:
    """(agency, sub-unit): a city or county government office, or a ministry's agency."""
    if rng.random() < 0.6:
        return rng.choice(LOCAL_GOVS) + "政府" + rng.choice(LOCAL_UNITS), rng.choice(SUB_UNITS)
    ministry, agencies = rng.choice(MINISTRIES)
    return ministry + rng.choice(agencies), rng.choice(["綜合規劃組", "國際組", "企劃組", "技術組"])


def make_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))


def make_foreigner(rng: random.Random) -> str:
    return f"{rng.choice(FOREIGN_FIRST)} {rng.choice(FOREIGN_LAST)}"


def make_phone(rng: random.Random) -> str:
    area = rng.choice(["02", "03", "04", "05", "06", "07", "089"])
    ext = rng.choice(["分機", "轉", "#", " ext. "])
    return f"{area}-{rng.randrange(2000_0000, 9999_9999)}{ext}{rng.randrange(100, 99999)}"
