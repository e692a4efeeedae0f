"""The report's vocabulary, kept apart from the parsing logic (cf. dateutil's parserinfo).

Everything the parser recognises by its wording lives here: era names, rating
marks, headings, units and the metric definitions. Nothing here is a value the
report states; values always come from the text.
"""

from __future__ import annotations

# --- Eras: name -> Western year of the era's first year (元年). ---------------
ERAS: dict[str, int] = {"令和": 2019, "平成": 1989, "昭和": 1926}
FIRST_YEAR = "元"  # 令和元年 = year 1 of the era
ERA_LETTERS: dict[str, str] = {"令和": "R", "平成": "H", "昭和": "S"}

# --- Ratings ------------------------------------------------------------------
RATING_MARKS = ("〇", "△", "×")  # canonical marks, as this edition prints them
RATING_ALIASES: dict[str, str] = {
    "〇": "〇", "○": "〇", "◯": "〇",
    "△": "△", "▲": "△",
    "×": "×", "✕": "×", "╳": "×", "✖": "×", "Ｘ": "×",
}
# ASCII names for what a rating means (the `status` column), so code can be typed on any
# keyboard: an IME's ○ (U+25CB) is not the report's 〇 (U+3007). A measure's status is
# read from its legend wording (first phrase found wins, so the longer phrase comes
# first); a mark whose legend says none of these falls back to RATING_STATUS.
RATING_STATUS: dict[str, str] = {"〇": "on_track", "△": "minor_revision", "×": "revision"}
STATUS_WORDS = (("軽微な見直し", "minor_revision"), ("見直し", "revision"),
                ("予定どおり", "on_track"))

# --- Headings and cell labels ---------------------------------------------------
TITLE_HINT = "中間報告書"
RATING_TABLE_HEADER = "施策名 達成状況"
RATING_LEGEND_HEADER = "※達成状況"
RATING_LEGEND_SEPARATOR = "・・・"
REVISION_SECTION = "施策の見直し"
ADDED_SECTION = "施策の追加"
PILLAR_PREFIX = "基本方針"
REVISION_TAG = "【達成状況："
ADDED_PREFIX = "追加"
SHEET_MARKER = "基本データ"  # printed vertically, one character a line
SHEET_OVERVIEW_MARKER = "事業概要"  # likewise
SHEET_NAME_HEADER = "事業名 担当部署"
SHEET_PERIOD_HEADER = "事業期間 関連法令・条例・計画等"
SHEET_OVERVIEW_HEADER = "目的・実施内容 目標"
SHEET_YEAR_HEADER = "年度の事業達成状況"
SHEET_OUTLOOK_HEADER = "達成状況・今後の課題"
SHEET_SCHEDULE_HEADER = "スケジュール"
SHEET_SCHEDULE_ROW = "予定"
DEPT_LABELS = {"department": "部", "division": "課", "section": "係", "phone": "電話"}
NONE_MARKS = ("―", "－", "-", "ー", "—", "なし")  # an empty cell printed as a dash
ADDED_LABELS = {
    "departments": ("主な担当課",),
    "situation": ("現状・課題",),
    "actions": ("実施内容",),
    "effects": ("期待される効果",),
    "targets": ("達成目標",),
    "years": ("実施年度",),
}
LIST_BULLET = "・"
SENTENCE_ENDS = ("。", "」", "）", ")", "、")
TARGET_JOIN = "；"
DEPARTMENT_JOIN = "、"

# --- Layout -------------------------------------------------------------------
# Narrow table columns (goals, schedule cells) hold at most this many display
# units a line (a full-width character counts 2, ASCII 1, spaces 0).
NARROW_WIDTH = 18
# Text cells and paragraphs wrap at about this width; a box ending well short of it
# is a real paragraph or list-entry end, not a false one.
WIDE_WIDTH = 54

# Wording that says a target was not reached (the audit checks 〇-rated measures for it).
NOT_ACHIEVED = ("未達成", "至っておりません", "いたっておりません", "いたりませんでした",
                "至りませんでした", "未導入", "できませんでした", "実施していません")

# --- Figures ------------------------------------------------------------------
# Units a number may carry; longest first so that 種類 wins over 種.
UNITS = (
    "手続き", "手続", "種類", "施設", "業務", "カ所", "か所", "箇所", "番目", "時間", "か年",
    "件", "名", "台", "種", "位", "人", "回", "校", "倍", "％", "%", "割", "日", "版", "つ",
)
APPROX_WORDS = ("約", "おおよそ", "およそ", "概ね", "程度", "余り")
CUMULATIVE_WORDS = ("延べ", "累計")
RANGE_WORDS = ("から", "まで")  # 令和4年12月1日の導入から令和6年3月31日までに
AS_OF_WORDS = ("末まで", "末時点", "末現在")  # 令和5年度末までに
AS_OF_MONTH_WORDS = ("現在",)  # 令和3（2021）年11月現在: a count on one date
DEADLINE_WORDS = ("まで", "末")  # a year named as a deadline is not the figure's year
CLAUSE_BREAKS = ("、", "，", "うち")
PARTICLES = ("に", "は", "が", "で", "を", "の", "も")  # trimmed around breakdown labels
# Glue allowed between a number and its unit: 20の業務, 17の公共施設, 20 の「業務ユニット」
UNIT_GLUE = r"(?:の\s*「?\s*(?:公共)?)?"

# --- Metrics (what a figure means), matched against the figure's clause. -------
# Each rule: metric id, units it may carry, words that must all appear in the
# clause, words of which one must appear (empty: no constraint), and a
# breakdown label taken from a word of the clause (or None).
METRICS: list[dict] = [
    {"metric": "chatbot_inquiries", "units": ("件",), "all": ("問い合わせ",),
     "any": ("チャットボット", "対応")},
    {"metric": "form_responses", "units": ("件",), "all": ("回答",), "any": ()},
    {"metric": "forms_created", "units": ("件",), "all": ("フォーム",), "any": ("作成",)},
    {"metric": "wifi_uses", "units": ("件",), "all": ("利用",), "any": ("利用件数", "Wi-Fi")},
    {"metric": "personal_info_incidents", "units": ("件",), "all": ("個人情報",),
     "any": ("漏えい", "紛失", "流出"), "breakdown": ("漏えい", "紛失", "流出")},
    {"metric": "security_incidents", "units": ("件",), "all": ("セキュリティ事故",), "any": ()},
    {"metric": "online_procedures", "units": ("手続", "手続き"), "all": ("オンライン",),
     "any": (), "breakdown_before": True},
    {"metric": "ict_supporter_trainees", "units": ("名",), "all": ("参加",),
     "any": ("サポーター", "講習")},
    {"metric": "dx_training_participants", "units": ("名",), "all": ("研修",), "any": (),
     "breakdown_before": True},
    {"metric": "rpa_tasks", "units": ("業務",), "all": ("RPA",), "any": ()},
    {"metric": "wireless_access_points", "units": ("カ所", "か所", "箇所"),
     "all": ("アクセスポイント",), "any": (), "breakdown_before": True},
    {"metric": "laptops", "units": ("台",), "all": ("PC",), "any": ("ノート", "パソコン")},
    {"metric": "wifi_facilities", "units": ("施設",), "all": ("Wi-Fi",), "any": ("提供", "現在")},
    {"metric": "wifi_facilities_expanded", "units": ("施設",), "all": ("Wi-Fi",),
     "any": ("拡充", "新たに", "利用できる")},
    {"metric": "wifi_rental_devices", "units": ("台",), "all": ("Wi-Fi",), "any": ("貸出",)},
    {"metric": "open_data_added", "units": ("種", "種類"), "all": ("データ",),
     "any": ("新たに", "掲載")},
    {"metric": "open_data_updated", "units": ("種", "種類"), "all": ("データ", "更新"), "any": ()},
    {"metric": "open_data_tdpf", "units": ("種", "種類"), "all": ("データ",),
     "any": ("データプラットフォーム", "TDPF")},
]

# Metrics the notebooks chart by default, with Japanese and English labels (ja, en).
METRIC_LABELS: dict[str, tuple[str, str]] = {
    "chatbot_inquiries": ("AIチャットボット問い合わせ件数", "AI chatbot inquiries"),
    "forms_created": ("作成フォーム数", "Online forms created"),
    "form_responses": ("フォーム回答数", "Online form responses"),
    "wifi_uses": ("公衆Wi-Fi利用件数", "Public Wi-Fi uses"),
    "security_incidents": ("セキュリティ事故件数", "Security incidents"),
    "personal_info_incidents": ("個人情報事故件数", "Personal-information incidents"),
    "online_procedures": ("オンライン化した手続数", "Procedures online"),
    "ict_supporter_trainees": ("ICTサポーター講習参加者数", "ICT supporter trainees"),
    "dx_training_participants": ("DX研修参加者数", "DX training participants"),
    "rpa_tasks": ("RPAで効率化した業務数", "Tasks automated with RPA"),
    "wireless_access_points": ("無線アクセスポイント数", "Wireless access points"),
    "laptops": ("ノートPC導入台数", "Laptops deployed"),
    "wifi_facilities": ("Wi-Fi提供施設数", "Facilities with public Wi-Fi"),
    "wifi_facilities_expanded": ("Wi-Fi拡充施設数", "Facilities with expanded Wi-Fi"),
    "wifi_rental_devices": ("貸出用Wi-Fi台数", "Rental Wi-Fi devices"),
    "open_data_added": ("オープンデータ新規掲載数", "Open data sets added"),
    "open_data_updated": ("オープンデータ更新数", "Open data sets updated"),
    "open_data_tdpf": ("TDPF提供データ数", "Data sets on TDPF"),
}
