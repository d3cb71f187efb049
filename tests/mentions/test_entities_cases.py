"""Case table: sentences in the styles of other agencies' trip reports (ministries,
universities, state companies, county governments). Each case lists mentions that must
be found, with the fields that must hold, and surface strings that must NOT be mentions.
"""

from __future__ import annotations

import pytest

from extractors.core.doc import doc_from_text
from extractors.mentions.extract import extract_mentions

# (sentence, expected [(label, text, {field: value})], forbidden texts)
CASES = [
    # --- ministries --------------------------------------------------------------------
    ("本部代表團前往日本東京，參加「亞太經濟合作會議」（Asia-Pacific Economic Cooperation, APEC）。",
     [("ORG", "本部", {}), ("PLACE", "日本", {"name_en": "Japan"}), ("PLACE", "東京", {}),
      ("EVENT", "亞太經濟合作會議", {"name_en": "Asia-Pacific Economic Cooperation", "abbr": "APEC"})], []),
    ("由外交部政務次長陳明輝率團出席，並拜會「美國國務院」（U.S. Department of State）。",
     [("PERSON", "陳明輝", {"role": "政務次長", "affiliation": "外交部"}),
      ("ORG", "美國國務院", {"name_en": "U.S. Department of State"})], []),
    ("交通部觀光局與「日本國家旅遊局」（Japan National Tourism Organization, JNTO）簽署合作備忘錄。",
     [("ORG", "交通部觀光局", {}), ("ORG", "日本國家旅遊局", {"abbr": "JNTO"})], []),
    ("內政部移民署派員參加「國際移民組織」（International Organization for Migration, IOM）年會。",
     [("ORG", "內政部移民署", {}), ("ORG", "國際移民組織", {"abbr": "IOM"})], []),
    ("會中由「世界衛生組織」（WHO）秘書長 Dr. Tedros Adhanom 致詞。",
     [("ORG", "世界衛生組織", {"abbr": "WHO"}),
      ("PERSON", "Tedros Adhanom", {"role": "秘書長", "affiliation": "世界衛生組織"})], []),
    ("本次研討會由「經濟合作暨發展組織」（Organisation for Economic Co-operation and Development, OECD）主辦。",
     [("ORG", "經濟合作暨發展組織", {"abbr": "OECD"})], ["研討會"]),
    ("財政部關務署署長王文雄出席「世界關務組織」（World Customs Organization, WCO）理事會。",
     [("ORG", "財政部關務署", {}), ("PERSON", "王文雄", {"role": "署長"}),
      ("ORG", "世界關務組織", {"abbr": "WCO"})], []),
    ("勞動部部長許春梅表示，將持續與「國際勞工組織」（ILO）合作。",
     [("PERSON", "許春梅", {"role": "部長", "affiliation": "勞動部"}), ("ORG", "國際勞工組織", {"abbr": "ILO"})], []),
    ("本署代表與新加坡（Singapore）國家環境局局長 Mr. Tan Meng Dui 會談。",
     [("ORG", "本署", {}), ("PLACE", "新加坡", {}), ("PERSON", "Tan Meng Dui", {"role": "局長"})], []),
    ("經濟部國際貿易局與「德國經濟合作暨發展部」（BMZ）就能源轉型交換意見。",
     [("ORG", "經濟部國際貿易局", {}), ("ORG", "德國經濟合作暨發展部", {"abbr": "BMZ"})], []),
    ("衛生福利部疾病管制署派員出席「世界衛生大會」（World Health Assembly, WHA）。",
     [("ORG", "衛生福利部疾病管制署", {}), ("EVENT", "世界衛生大會", {"abbr": "WHA"})], []),
    ("文化部與「法國文化部」（Ministère de la Culture）共同舉辦「臺法文化獎」頒獎典禮。",
     [("ORG", "法國文化部", {}), ("EVENT", "臺法文化獎", {})], []),
    ("會議由「聯合國糧食及農業組織」（Food and Agriculture Organization, FAO）副總幹事 Ms. Maria Helena Semedo 主持。",
     [("ORG", "聯合國糧食及農業組織", {"abbr": "FAO"}),
      ("PERSON", "Maria Helena Semedo", {"role": "副總幹事"})], []),
    ("農業委員會漁業署與「中西太平洋漁業委員會」（WCPFC）進行諮商。",
     [("ORG", "中西太平洋漁業委員會", {"abbr": "WCPFC"})], ["委員會"]),
    ("國家發展委員會主任委員龔明鑫出席「亞洲開發銀行」（Asian Development Bank, ADB）年會。",
     [("PERSON", "龔明鑫", {"role": "主任委員"}), ("ORG", "亞洲開發銀行", {"abbr": "ADB"})], []),
    ("本部與「韓國產業通商資源部」（Ministry of Trade, Industry and Energy, MOTIE）召開「臺韓經濟合作會議」。",
     [("ORG", "本部", {}), ("ORG", "韓國產業通商資源部", {"abbr": "MOTIE"}), ("EVENT", "臺韓經濟合作會議", {})], []),
    ("與泰國曼谷（Bangkok, Thailand）副市長 Mr. Sakoltee Phattiyakul 會面。",
     [("PLACE", "曼谷", {"name_en": "Bangkok"}),
      ("PERSON", "Sakoltee Phattiyakul", {"role": "副市長"})], []),
    ("出席「2019年世界智慧城市博覽會」（Smart City Expo World Congress 2019）。",
     [("EVENT", "2019年世界智慧城市博覽會", {"name_en": "Smart City Expo World Congress 2019"})], []),
    ("「國際能源總署」（International Energy Agency, IEA）執行長 Dr. Fatih Birol 發表專題演講。",
     [("ORG", "國際能源總署", {"abbr": "IEA"}),
      ("PERSON", "Fatih Birol", {"role": "執行長", "affiliation": "國際能源總署"})], []),
    ("僑務委員會委員長徐佳青率團訪問美國舊金山。",
     [("PLACE", "美國", {}), ("PLACE", "舊金山", {})], []),
    # --- universities --------------------------------------------------------------------
    ("本校校長陳振遠與「東京大學」（The University of Tokyo）簽署學術交流協議。",
     [("ORG", "本校", {}), ("PERSON", "陳振遠", {"role": "校長"}), ("ORG", "東京大學", {"name_en": "The University of Tokyo"})],
     []),
    ("國立成功大學工學院院長李偉賢出席「國際工程教育研討會」（International Conference on Engineering Education, ICEE）。",
     [("PERSON", "李偉賢", {"role": "院長"}), ("EVENT", "國際工程教育研討會", {"abbr": "ICEE"})], []),
    ("本系邀請「麻省理工學院」（Massachusetts Institute of Technology, MIT）教授 Prof. Daniel Jackson 演講。",
     [("ORG", "麻省理工學院", {"abbr": "MIT"}), ("PERSON", "Daniel Jackson", {"role": "教授"})], []),
    ("赴德國慕尼黑（Munich, Germany）參加「歐洲材料研究學會春季會議」。",
     [("PLACE", "德國", {}), ("PLACE", "慕尼黑", {"name_en": "Munich"}), ("EVENT", "歐洲材料研究學會春季會議", {})], []),
    ("研究團隊拜會「新加坡國立大學」（National University of Singapore, NUS）副校長 Prof. Chen Tsuhan。",
     [("ORG", "新加坡國立大學", {"abbr": "NUS"}),
      ("PERSON", "Chen Tsuhan", {"role": "副校長", "affiliation": "新加坡國立大學"})], []),
    ("與「京都大學」副教授山田太郎合影。",
     [("ORG", "京都大學", {}), ("PERSON", "山田太郎", {"role": "副教授", "affiliation": "京都大學"})], []),
    ("本校學生參加「國際大學運動總會」（FISU）主辦之「世界大學運動會」（World University Games）。",
     [("ORG", "國際大學運動總會", {"abbr": "FISU"}), ("EVENT", "世界大學運動會", {"name_en": "World University Games"})],
     []),
    ("教育部國際及兩岸教育司司長李彥儀致詞。",
     [("PERSON", "李彥儀", {"role": "司長"})], []),
    ("本校與澳洲雪梨（Sydney, Australia）「雪梨大學」（The University of Sydney）續簽雙聯學位協議。",
     [("ORG", "本校", {}), ("PLACE", "雪梨", {"name_en": "Sydney"}), ("ORG", "雪梨大學", {})], []),
    ("研討會由「亞洲大學聯盟」（Asian Universities Alliance, AUA）秘書長 Mr. Wang Xiaoming 主持。",
     [("ORG", "亞洲大學聯盟", {"abbr": "AUA"}),
      ("PERSON", "Wang Xiaoming", {"role": "秘書長", "affiliation": "亞洲大學聯盟"})], []),
    ("參加「第 5 屆亞洲高等教育論壇」（5th Asia Higher Education Forum）。",
     [("EVENT", "第 5 屆亞洲高等教育論壇", {"name_en": "5th Asia Higher Education Forum"})], []),
    ("與會學者包括英國劍橋（Cambridge, United Kingdom）之 Dr. Emily Clarke。",
     [("PLACE", "英國", {}), ("PLACE", "劍橋", {"name_en": "Cambridge"}), ("PERSON", "Emily Clarke", {})], []),
    ("本院院長林奇宏率團參訪「首爾大學」（Seoul National University, SNU）醫學院。",
     [("ORG", "本院", {}), ("PERSON", "林奇宏", {"role": "院長"}), ("ORG", "首爾大學", {"abbr": "SNU"})], []),
    ("「國際教育者協會」（NAFSA: Association of International Educators）年會於美國丹佛舉行。",
     [("ORG", "國際教育者協會", {}), ("PLACE", "美國", {}), ("PLACE", "丹佛", {})], []),
    ("由本校國際事務處處長張家豪說明交換計畫。",
     [("ORG", "本校國際事務處", {}), ("PERSON", "張家豪", {"role": "處長"})], []),
    # --- state companies ---------------------------------------------------------------
    ("台灣電力公司董事長曾文生赴日本參加「世界核能協會」（World Nuclear Association, WNA）年會。",
     [("PERSON", "曾文生", {"role": "董事長"}), ("PLACE", "日本", {}), ("ORG", "世界核能協會", {"abbr": "WNA"})], []),
    ("本公司與「東京電力公司」（Tokyo Electric Power Company, TEPCO）交流核能除役經驗。",
     [("ORG", "本公司", {}), ("ORG", "東京電力公司", {"abbr": "TEPCO"})], []),
    ("中華郵政公司總經理王國材出席「萬國郵政聯盟」（Universal Postal Union, UPU）大會。",
     [("PERSON", "王國材", {"role": "總經理"}), ("ORG", "萬國郵政聯盟", {"abbr": "UPU"})], []),
    ("參加「世界天然氣大會」（World Gas Conference, WGC）並拜會「國際天然氣聯盟」（IGU）。",
     [("EVENT", "世界天然氣大會", {"abbr": "WGC"}), ("ORG", "國際天然氣聯盟", {"abbr": "IGU"})], []),
    ("台灣中油公司派員赴荷蘭鹿特丹（Rotterdam, Netherlands）考察液化天然氣接收站。",
     [("PLACE", "荷蘭", {}), ("PLACE", "鹿特丹", {"name_en": "Rotterdam"})], []),
    ("會晤「新加坡港務集團」（PSA International）執行長 Mr. Ong Kim Pong。",
     [("ORG", "新加坡港務集團", {"name_en": "PSA International"}),
      ("PERSON", "Ong Kim Pong", {"role": "執行長", "affiliation": "新加坡港務集團"})], []),
    ("臺灣港務公司與「鹿特丹港務局」（Port of Rotterdam Authority）簽署合作意向書。",
     [("ORG", "鹿特丹港務局", {"name_en": "Port of Rotterdam Authority"})], []),
    ("本公司副總經理黃正忠表示，將引進「國際鐵路聯盟」（UIC）之安全標準。",
     [("ORG", "本公司", {}), ("PERSON", "黃正忠", {"role": "副總經理"}), ("ORG", "國際鐵路聯盟", {"abbr": "UIC"})],
     []),
    ("出席「亞太電信組織」（Asia-Pacific Telecommunity, APT）第 20 屆大會。",
     [("ORG", "亞太電信組織", {"abbr": "APT"})], []),
    ("參訪「德國聯邦鐵路公司」（Deutsche Bahn AG, DB）柏林總部。",
     [("ORG", "德國聯邦鐵路公司", {"abbr": "DB"})], []),
    ("臺灣糖業公司派員參加「國際甘蔗技師協會」（ISSCT）研討會。",
     [("ORG", "國際甘蔗技師協會", {"abbr": "ISSCT"})], ["研討會"]),
    ("本公司代表與「法國電力集團」（Électricité de France, EDF）副總裁 Mr. Pierre Dupont 會談。",
     [("ORG", "本公司", {}), ("ORG", "法國電力集團", {"abbr": "EDF"}), ("PERSON", "Pierre Dupont", {"role": "副總裁"})],
     []),
    # A themed week is an event (issue 15: weeks, themed years and expos are events).
    ("參加「2023年亞洲電力週」（Asia Power Week 2023）並發表論文。",
     [("EVENT", "2023年亞洲電力週", {"name_en": "Asia Power Week 2023"})], []),
    ("拜會「韓國電力公社」（Korea Electric Power Corporation, KEPCO）。",
     [("ORG", "韓國電力公社", {"abbr": "KEPCO", "name_en": "Korea Electric Power Corporation"})], []),
    ("國營事業委員會主任委員胡文中陪同考察。",
     [("PERSON", "胡文中", {"role": "主任委員"})], []),
    # --- county and city governments -----------------------------------------------------
    ("本府秘書處國際科派員赴美國洛杉磯參加「姊妹市國際年會」（Sister Cities International Annual Conference）。",
     [("ORG", "本府秘書處國際科", {}), ("PLACE", "美國", {}), ("PLACE", "洛杉磯", {}),
      ("EVENT", "姊妹市國際年會", {"name_en": "Sister Cities International Annual Conference"})], []),
    ("嘉義縣長翁章梁率團訪問日本岡山縣，拜會岡山縣知事伊原木隆太。",
     [("PERSON", "翁章梁", {"role": "縣長", "affiliation": "嘉義"}), ("PLACE", "日本", {}),
      ("PLACE", "岡山縣", {})], []),
    ("高雄市政府經濟發展局與「新加坡企業發展局」（Enterprise Singapore）簽署備忘錄。",
     [("ORG", "高雄市政府經濟發展局", {}), ("ORG", "新加坡企業發展局", {"name_en": "Enterprise Singapore"})], []),
    ("本府觀光旅遊局局長陳盈如出席「國際旅展」（International Travel Fair）。",
     [("ORG", "本府觀光旅遊局", {}), ("PERSON", "陳盈如", {"role": "局長"}),
      ("EVENT", "國際旅展", {"name_en": "International Travel Fair"})], []),
    ("花蓮縣政府代表與菲律賓宿霧市（Cebu City, Philippines）市長 Mr. Michael Rama 會談。",
     [("ORG", "花蓮縣政府", {}), ("PLACE", "菲律賓", {}), ("PERSON", "Michael Rama", {"role": "市長"})], []),
    ("桃園市長張三豐與越南胡志明市人民委員會主席會面。",
     [("PERSON", "張三豐", {"role": "市長", "affiliation": "桃園"}), ("ORG", "越南胡志明市人民委員會", {})],
     []),
    ("新北市政府消防局派員參加「國際消防救援協會」（CTIF）年會。",
     [("ORG", "新北市政府消防局", {}), ("ORG", "國際消防救援協會", {"abbr": "CTIF"})], []),
    ("本縣與「日本德島縣」締結友好交流協定，由德島縣知事飯泉嘉門簽署。",
     [("PERSON", "飯泉嘉門", {"role": "知事"})], []),
    ("臺南市政府文化局出席「亞洲文化城市論壇」（Asian Cultural Cities Forum）。",
     [("ORG", "臺南市政府文化局", {}), ("EVENT", "亞洲文化城市論壇", {"name_en": "Asian Cultural Cities Forum"})], []),
    ("宜蘭縣政府與「地方政府永續發展理事會」（ICLEI-Local Governments for Sustainability）合作。",
     [("ORG", "宜蘭縣政府", {})], []),
    ("本府代表團參觀「巴黎市政府」（Hôtel de Ville de Paris）並與副市長 Ms. Anne Martin 交流。",
     [("ORG", "本府", {}), ("ORG", "巴黎市政府", {}), ("PERSON", "Anne Martin", {"role": "副市長"})], []),
    ("屏東縣政府農業處參加「亞洲農業博覽會」（Asia Agri Expo）。",
     [("ORG", "屏東縣政府農業處", {}), ("EVENT", "亞洲農業博覽會", {"name_en": "Asia Agri Expo"})], []),
    ("與美國德州休士頓（Houston, United States）市議員 Ms. Sallie Alcorn 會面。",
     [("PLACE", "休士頓", {"name_en": "Houston"}), ("PERSON", "Sallie Alcorn", {"role": "市議員"})], []),
    ("本市代表出席「世界城市峰會」（World Cities Summit, WCS）。",
     [("EVENT", "世界城市峰會", {"abbr": "WCS"})], ["本市"]),
    ("金門縣政府與「廈門市人民政府」就小三通議題交換意見。",
     [("ORG", "金門縣政府", {}), ("ORG", "廈門市人民政府", {})], []),
    ("彰化縣政府於德國漢堡（Hamburg, Germany）舉辦「臺灣產品展」。",
     [("ORG", "彰化縣政府", {}), ("PLACE", "漢堡", {"name_en": "Hamburg"})], []),
    ("會中日本熊本縣知事蒲島郁夫（Mr. Ikuo Kabashima）致歡迎詞。",
     [("PERSON", "蒲島郁夫", {"role": "知事", "name_en": "Ikuo Kabashima"})], []),
    ("由日本文部科學大臣柴山昌彥發表專題演講。",
     [("PERSON", "柴山昌彥", {"role": "大臣"})], ["文部科學"]),
    ("本部駐日代表處教育組組長劉德勝亦陪同出席。",
     [("ORG", "本部駐日代表處", {}), ("PERSON", "劉德勝", {"role": "組長"})], []),
    ("另拜會早稻田大學國際部，並參訪國內各大學。",
     [("ORG", "早稻田大學", {})], ["各大學", "國內各大學"]),
    ("參與會外相關活動，加強地方政府及地方政府協會的能力。",
     [], ["關活動", "地方政府協會", "地方政府"]),
    ("本府農業處處長陳建宏率團赴美國加州洛杉磯（Los Angeles, California）。",
     [("PERSON", "陳建宏", {"role": "處長", "affiliation": "本府農業處"}), ("PLACE", "洛杉磯", {})], []),
    ("爭取行政院農業委員會經費補助，並拜會洛杉磯郡農業委員會（Los Angeles County Agricultural Commissioner）。",
     [("ORG", "行政院農業委員會", {}), ("ORG", "洛杉磯郡農業委員會", {})], []),
    ("聯合國秘書長安東尼奧‧古特瑞斯於開幕式致詞。",
     [("PERSON", "安東尼奧‧古特瑞斯", {"role": "秘書長", "affiliation": "聯合國"})], []),
    ("會中與約翰·史密斯交換意見。", [("PERSON", "約翰·史密斯", {})], []),
    ("本公司與多家公司洽談合作，並拜會台灣電力公司。", [("ORG", "台灣電力公司", {})], ["多家公司"]),
    ("參訪當地教學醫院及馬偕紀念醫院。", [("ORG", "馬偕紀念醫院", {})], ["當地教學醫院", "參訪當地教學醫院"]),
    ("與國內外大學合作，包括國立臺灣大學。", [("ORG", "國立臺灣大學", {})], ["國內外大學"]),
    # --- cover forms and tables -------------------------------------------------------------
    ("聯絡人：林美玲 電話：02-23456789", [("PERSON", "林美玲", {})], []),
    ("出國人員姓名/服務機關/單位/職稱 黃志明/交通部/路政司/科長", [("PERSON", "黃志明", {})], []),
    ("1\t交通部路政司\t科長\t黃志明", [("PERSON", "黃志明", {"role": "科長"})], []),
    # --- generic words that are not names -------------------------------------------------
    ("該委員會於會中決議，各國政府應加強與地方政府合作。",
     [], ["委員會", "政府", "地方政府", "各國政府"]),
    ("本次大會共有來自 30 個國家的代表參加，會議期間並舉辦工作坊。",
     [], ["大會", "工作坊", "會議"]),
]


def mentions_of(sentence: str):
    return extract_mentions(doc_from_text(sentence))


@pytest.mark.parametrize("sentence,expected,forbidden", CASES, ids=[c[0][:18] for c in CASES])
def test_case(sentence, expected, forbidden):
    rows = mentions_of(sentence)
    for row in rows:
        assert sentence[row.char_start : row.char_end] == row.text
    for label, text, fields in expected:
        hits = [r for r in rows if r.label == label and r.text == text]
        assert hits, f"{label} {text!r} not in {[(r.label, r.text) for r in rows]}"
        row = hits[0]
        for name, value in fields.items():
            assert getattr(row, name) == value, f"{text}: {name}={getattr(row, name)!r}, want {value!r}"
    texts = {r.text for r in rows}
    for text in forbidden:
        assert text not in texts, f"{text!r} should not be a mention"


def test_case_table_is_large_enough():
    assert len(CASES) >= 60
