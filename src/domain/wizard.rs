//! The level proposal wizard: the decision table of Decree 85/2016 Arts. 7–11
//! (`regulations.md` §1.1) as data, with the Decree 331/2026 changes when that pack applies.
//!
//! Every row that applies is evaluated and the highest level wins (Decree 85 Art. 5.2; Decree
//! 331 Art. 8.2). Type (đ) "other" has no criteria: the officer decides by hand. Pure: answers
//! in, proposal out; the questions are data, so the dashboard renders them as they are.
//!
//! Decree 331 changes (regulations.md §7): the online-public-service-level rows (C1, C2) are
//! gone; the level 2/3 boundary for personal data is 100,000 data subjects of basic personal
//! data or 10,000 of sensitive personal data (Arts. 12.2.b / 13.2.c, rows C5/C6); a system that
//! handles administrative procedures is level 3 (Art. 13.2.b, row C8). Rows that repeat Decree
//! 85 cite the Decree 331 article of their level (Art. 11 for level 1 … Art. 15 for level 5).

use std::collections::BTreeMap;

use super::model::Level;
use crate::i18n::{Lang, T};

/// The legal regime the wizard follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Regime {
    /// Decree 85/2016/NĐ-CP (pack `nd85-2016`).
    Nd85,
    /// Decree 331/2026/NĐ-CP (pack `nd331-2026`).
    Nd331,
}

impl Regime {
    /// The regime of a rule pack id.
    pub fn for_pack(id: &str) -> Regime {
        if id.starts_with("nd331") {
            Regime::Nd331
        } else {
            Regime::Nd85
        }
    }

    /// "Nghị định 85/2016/NĐ-CP" / "Decree 85/2016/ND-CP".
    pub fn decree(self) -> T {
        match self {
            Regime::Nd85 => T("Nghị định 85/2016/NĐ-CP", "Decree 85/2016/ND-CP"),
            Regime::Nd331 => T("Nghị định 331/2026/NĐ-CP", "Decree 331/2026/ND-CP"),
        }
    }

    /// "Nghị định 85/2016/NĐ-CP Điều 9.1" / "Decree 85/2016/ND-CP Art. 9.1".
    pub fn cite(self, article: &str, lang: Lang) -> String {
        match lang {
            Lang::Vi => format!("{} Điều {article}", self.decree().get(lang)),
            Lang::En => format!("{} Art. {article}", self.decree().get(lang)),
        }
    }
}

/// An answer option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Opt {
    pub key: &'static str,
    pub label: T,
}

/// How a question is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswerKind {
    /// One option, by key; required.
    Choice(&'static [Opt]),
    /// A whole number (thousands separators allowed); empty means none.
    Count,
    /// The levels of the component systems ("3, 2"); empty means no components.
    Levels,
}

/// One wizard question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Question {
    pub id: &'static str,
    pub text: T,
    pub kind: AnswerKind,
    /// The regimes that ask it.
    pub regimes: &'static [Regime],
    /// Asked only for these system types (keys of the `type` question); empty: always.
    pub types: &'static [&'static str],
    /// Not asked when the system processes state secrets (question `secret` answered other
    /// than "no"): rows B1/B2 are about systems without state secrets.
    pub without_secrets: bool,
}

const BOTH: &[Regime] = &[Regime::Nd85, Regime::Nd331];
const ND85: &[Regime] = &[Regime::Nd85];
const ND331: &[Regime] = &[Regime::Nd331];

const YES_NO: &[Opt] = &[
    Opt {
        key: "no",
        label: T("Không", "No"),
    },
    Opt {
        key: "yes",
        label: T("Có", "Yes"),
    },
];

/// The questions, in the order the wizard asks them.
pub const QUESTIONS: &[Question] = &[
    Question {
        id: "type",
        text: T(
            "Loại hệ thống thông tin (Điều 6 khoản 2)",
            "Kind of information system (Art. 6.2)",
        ),
        kind: AnswerKind::Choice(&[
            Opt {
                key: "internal",
                label: T("a) Phục vụ hoạt động nội bộ", "a) Internal operations"),
            },
            Opt {
                key: "citizen",
                label: T(
                    "b) Phục vụ người dân, doanh nghiệp",
                    "b) Serving citizens and businesses",
                ),
            },
            Opt {
                key: "infrastructure",
                label: T(
                    "c) Cơ sở hạ tầng thông tin (mạng, dữ liệu dùng chung, trung tâm dữ liệu, điện toán đám mây, xác thực, chữ ký số, kết nối liên thông)",
                    "c) Information infrastructure (networks, shared databases, data centres, cloud, authentication, digital signatures, interconnection)",
                ),
            },
            Opt {
                key: "industrial",
                label: T("d) Điều khiển công nghiệp", "d) Industrial control"),
            },
            Opt {
                key: "other",
                label: T("đ) Loại khác", "đ) Other"),
            },
        ]),
        regimes: BOTH,
        types: &[],
        without_secrets: false,
    },
    Question {
        id: "secret",
        text: T(
            "Hệ thống có xử lý thông tin bí mật nhà nước hoặc phục vụ quốc phòng, an ninh không? Nếu có, khi bị phá hoại sẽ gây tổn hại thế nào tới quốc phòng, an ninh quốc gia?",
            "Does it process state secrets or serve defence or security? If so, what would sabotage do to national defence and security?",
        ),
        kind: AnswerKind::Choice(&[
            Opt {
                key: "no",
                label: T("Không", "No"),
            },
            Opt {
                key: "harm",
                label: T("Gây tổn hại", "Harm"),
            },
            Opt {
                key: "serious",
                label: T("Gây tổn hại nghiêm trọng", "Serious harm"),
            },
            Opt {
                key: "especially-serious",
                label: T(
                    "Gây tổn hại đặc biệt nghiêm trọng",
                    "Especially serious harm",
                ),
            },
        ]),
        regimes: BOTH,
        types: &[],
        without_secrets: false,
    },
    Question {
        id: "internal_info",
        text: T(
            "Hệ thống nội bộ xử lý loại thông tin nào?",
            "What information does the internal system process?",
        ),
        kind: AnswerKind::Choice(&[
            Opt {
                key: "public",
                label: T("Chỉ thông tin công cộng", "Only public information"),
            },
            Opt {
                key: "private",
                label: T(
                    "Thông tin riêng hoặc thông tin cá nhân của người sử dụng",
                    "Private information or users' personal information",
                ),
            },
        ]),
        regimes: BOTH,
        types: &["internal"],
        without_secrets: true,
    },
    Question {
        id: "public_service",
        text: T(
            "Hệ thống cung cấp thông tin và dịch vụ công trực tuyến ở mức độ nào?",
            "At what level does it provide information and online public services?",
        ),
        kind: AnswerKind::Choice(&[
            Opt {
                key: "none",
                label: T(
                    "Không cung cấp dịch vụ công trực tuyến",
                    "No online public services",
                ),
            },
            Opt {
                key: "level-1-2",
                label: T(
                    "Thông tin và dịch vụ công trực tuyến mức độ 2 trở xuống",
                    "Information and online public services at level 2 or below",
                ),
            },
            Opt {
                key: "level-3-4",
                label: T(
                    "Dịch vụ công trực tuyến mức độ 3 trở lên",
                    "Online public services at level 3 or above",
                ),
            },
        ]),
        regimes: ND85,
        types: &["citizen"],
        without_secrets: false,
    },
    Question {
        id: "online_service",
        text: T(
            "Hệ thống có cung cấp dịch vụ trực tuyến (không phải dịch vụ công) không? Ngành nghề đó có thuộc danh mục ngành, nghề đầu tư kinh doanh có điều kiện?",
            "Does it provide online services (other than public services)? Is that line of business in the list of conditional business lines?",
        ),
        kind: AnswerKind::Choice(&[
            Opt {
                key: "none",
                label: T("Không", "No"),
            },
            Opt {
                key: "not-conditional",
                label: T(
                    "Có, không thuộc danh mục kinh doanh có điều kiện",
                    "Yes, not a conditional business line",
                ),
            },
            Opt {
                key: "conditional",
                label: T(
                    "Có, thuộc danh mục kinh doanh có điều kiện",
                    "Yes, a conditional business line",
                ),
            },
        ]),
        regimes: BOTH,
        types: &["citizen"],
        without_secrets: false,
    },
    Question {
        id: "users",
        text: T(
            "Dịch vụ trực tuyến khác xử lý thông tin riêng, thông tin cá nhân của bao nhiêu người sử dụng? (để trống nếu không có)",
            "How many users' private or personal information does another online service process? (empty if none)",
        ),
        kind: AnswerKind::Count,
        regimes: ND85,
        types: &["citizen"],
        without_secrets: false,
    },
    Question {
        id: "basic_subjects",
        text: T(
            "Hệ thống xử lý dữ liệu cá nhân cơ bản của bao nhiêu chủ thể dữ liệu? (để trống nếu không có)",
            "How many data subjects' basic personal data does it process? (empty if none)",
        ),
        kind: AnswerKind::Count,
        regimes: ND331,
        types: &["citizen"],
        without_secrets: false,
    },
    Question {
        id: "sensitive_subjects",
        text: T(
            "Hệ thống xử lý dữ liệu cá nhân nhạy cảm của bao nhiêu chủ thể dữ liệu? (để trống nếu không có)",
            "How many data subjects' sensitive personal data does it process? (empty if none)",
        ),
        kind: AnswerKind::Count,
        regimes: ND331,
        types: &["citizen"],
        without_secrets: false,
    },
    Question {
        id: "national_egov",
        text: T(
            "Là hệ thống Chính phủ điện tử cấp quốc gia, yêu cầu vận hành 24/7 và không chấp nhận ngừng vận hành mà không có kế hoạch?",
            "Is it a national e-government system required to run 24/7 with no unplanned downtime?",
        ),
        kind: AnswerKind::Choice(YES_NO),
        regimes: BOTH,
        types: &["citizen"],
        without_secrets: false,
    },
    Question {
        id: "admin_procedures",
        text: T(
            "Hệ thống có phục vụ giải quyết thủ tục hành chính không?",
            "Does it handle administrative procedures?",
        ),
        kind: AnswerKind::Choice(YES_NO),
        regimes: ND331,
        types: &[],
        without_secrets: false,
    },
    Question {
        id: "infra_scope",
        text: T(
            "Cơ sở hạ tầng thông tin phục vụ phạm vi nào?",
            "Whom does the information infrastructure serve?",
        ),
        kind: AnswerKind::Choice(&[
            Opt {
                key: "one-body",
                label: T(
                    "Hoạt động của một cơ quan, tổ chức",
                    "One body or organisation",
                ),
            },
            Opt {
                key: "shared",
                label: T(
                    "Dùng chung của các cơ quan trong một ngành, một tỉnh hoặc nhiều tỉnh",
                    "Shared by the bodies of one sector, one province or several provinces",
                ),
            },
            Opt {
                key: "national",
                label: T(
                    "Dùng chung toàn quốc, vận hành 24/7, không chấp nhận ngừng ngoài kế hoạch",
                    "Shared nationwide, 24/7, no unplanned downtime",
                ),
            },
            Opt {
                key: "international",
                label: T(
                    "Hạ tầng quốc gia kết nối Việt Nam với quốc tế",
                    "National infrastructure linking Vietnam internationally",
                ),
            },
        ]),
        regimes: BOTH,
        types: &["infrastructure"],
        without_secrets: false,
    },
    Question {
        id: "works_grade",
        text: T(
            "Hệ thống điều khiển công nghiệp phục vụ công trình cấp nào?",
            "What grade of construction works does the industrial control system serve?",
        ),
        kind: AnswerKind::Choice(&[
            Opt {
                key: "grade-2-4",
                label: T(
                    "Công trình cấp II, III hoặc IV",
                    "Grade II, III or IV works",
                ),
            },
            Opt {
                key: "grade-1",
                label: T("Công trình cấp I", "Grade I works"),
            },
            Opt {
                key: "special",
                label: T(
                    "Công trình cấp đặc biệt hoặc công trình quan trọng liên quan đến an ninh quốc gia",
                    "Special-grade works, or important works tied to national security",
                ),
            },
        ]),
        regimes: BOTH,
        types: &["industrial"],
        without_secrets: false,
    },
    Question {
        id: "national_data",
        text: T(
            "Hệ thống có lưu trữ tập trung dữ liệu đặc biệt quan trọng của quốc gia không?",
            "Does it store especially important national data centrally?",
        ),
        kind: AnswerKind::Choice(YES_NO),
        regimes: BOTH,
        types: &[],
        without_secrets: false,
    },
    Question {
        id: "pm_decision",
        text: T(
            "Hệ thống có thuộc danh mục do Thủ tướng Chính phủ quyết định không?",
            "Is it a system the Prime Minister decided on?",
        ),
        kind: AnswerKind::Choice(YES_NO),
        regimes: BOTH,
        types: &[],
        without_secrets: false,
    },
    Question {
        id: "components",
        text: T(
            "Nếu hệ thống gồm các hệ thống thành phần: cấp độ của từng thành phần (ví dụ 3, 2; để trống nếu không có)",
            "If the system is made of component systems: the level of each (e.g. 3, 2; empty if none)",
        ),
        kind: AnswerKind::Levels,
        regimes: BOTH,
        types: &[],
        without_secrets: false,
    },
];

/// When a row applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Match {
    /// The row's question is answered with this option.
    Answer(&'static str),
    /// Users counted by the row's question in `min..max` (`max` `None`: no upper bound).
    Count { min: u64, max: Option<u64> },
    /// Decree 331 personal data: `true` when at least 100,000 subjects of basic or 10,000 of
    /// sensitive personal data, `false` when some personal data but below both.
    Subjects { at_or_above: bool },
    /// The system has component systems: it takes their highest level.
    Components,
    /// A citizen-facing system that matched no other row: never below level 2.
    CitizenFloor,
}

/// One row of the decision table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    /// The row of regulations.md §1.1 ("A1", "B2", …; "C0" and "C8" are this wizard's).
    pub id: &'static str,
    pub question: &'static str,
    pub when: Match,
    /// The level it gives (0 for `Components`: the components' highest).
    pub level: u8,
    /// Article of Decree 85 (`None`: not a criterion there).
    pub art85: Option<&'static str>,
    /// Article of Decree 331 (`None`: not a criterion there).
    pub art331: Option<&'static str>,
    pub text: T,
}

impl Row {
    pub fn article(&self, regime: Regime) -> Option<&'static str> {
        match regime {
            Regime::Nd85 => self.art85,
            Regime::Nd331 => self.art331,
        }
    }

    /// The citation in `lang`, e.g. "Nghị định 85/2016/NĐ-CP Điều 9.1".
    pub fn cite(&self, regime: Regime, lang: Lang) -> String {
        self.article(regime)
            .map(|a| regime.cite(a, lang))
            .unwrap_or_default()
    }
}

const fn row(
    id: &'static str,
    question: &'static str,
    when: Match,
    level: u8,
    art85: Option<&'static str>,
    art331: Option<&'static str>,
    text: T,
) -> Row {
    Row {
        id,
        question,
        when,
        level,
        art85,
        art331,
        text,
    }
}

/// The decision table (regulations.md §1.1), both regimes.
pub const ROWS: &[Row] = &[
    row(
        "A1",
        "secret",
        Match::Answer("harm"),
        3,
        Some("9.1"),
        Some("13"),
        T(
            "Bí mật nhà nước, quốc phòng, an ninh: gây tổn hại",
            "State secrets, defence or security: harm",
        ),
    ),
    row(
        "A1",
        "secret",
        Match::Answer("serious"),
        4,
        Some("10.1"),
        Some("14"),
        T(
            "Bí mật nhà nước, quốc phòng, an ninh: tổn hại nghiêm trọng",
            "State secrets, defence or security: serious harm",
        ),
    ),
    row(
        "A1",
        "secret",
        Match::Answer("especially-serious"),
        5,
        Some("11.1"),
        Some("15"),
        T(
            "Bí mật nhà nước, quốc phòng, an ninh: tổn hại đặc biệt nghiêm trọng",
            "State secrets, defence or security: especially serious harm",
        ),
    ),
    row(
        "B1",
        "internal_info",
        Match::Answer("public"),
        1,
        Some("7"),
        Some("11"),
        T(
            "Hệ thống nội bộ chỉ xử lý thông tin công cộng",
            "Internal system processing only public information",
        ),
    ),
    row(
        "B2",
        "internal_info",
        Match::Answer("private"),
        2,
        Some("8.1"),
        Some("12"),
        T(
            "Hệ thống nội bộ xử lý thông tin riêng, thông tin cá nhân, không có bí mật nhà nước",
            "Internal system processing private or personal information, no state secrets",
        ),
    ),
    row(
        "C1",
        "public_service",
        Match::Answer("level-1-2"),
        2,
        Some("8.2.a"),
        None,
        T(
            "Cung cấp thông tin, dịch vụ công trực tuyến mức độ 2 trở xuống",
            "Information and online public services at level 2 or below",
        ),
    ),
    row(
        "C2",
        "public_service",
        Match::Answer("level-3-4"),
        3,
        Some("9.2.a"),
        None,
        T(
            "Dịch vụ công trực tuyến mức độ 3 trở lên",
            "Online public services at level 3 or above",
        ),
    ),
    row(
        "C3",
        "online_service",
        Match::Answer("not-conditional"),
        2,
        Some("8.2.b"),
        Some("12"),
        T(
            "Dịch vụ trực tuyến không thuộc danh mục kinh doanh có điều kiện",
            "Online service not in the conditional business lines",
        ),
    ),
    row(
        "C4",
        "online_service",
        Match::Answer("conditional"),
        3,
        Some("9.2.b"),
        Some("13"),
        T(
            "Dịch vụ trực tuyến thuộc danh mục kinh doanh có điều kiện",
            "Online service in the conditional business lines",
        ),
    ),
    row(
        "C5",
        "users",
        Match::Count {
            min: 1,
            max: Some(10_000),
        },
        2,
        Some("8.2.c"),
        None,
        T(
            "Dịch vụ trực tuyến khác xử lý thông tin riêng, cá nhân của dưới 10.000 người sử dụng",
            "Other online service with private or personal information of fewer than 10,000 users",
        ),
    ),
    row(
        "C6",
        "users",
        Match::Count {
            min: 10_000,
            max: None,
        },
        3,
        Some("9.2.c"),
        None,
        T(
            "Dịch vụ trực tuyến khác xử lý thông tin riêng, cá nhân của từ 10.000 người sử dụng",
            "Other online service with private or personal information of 10,000 users or more",
        ),
    ),
    row(
        "C5",
        "basic_subjects",
        Match::Subjects { at_or_above: false },
        2,
        None,
        Some("12.2.b"),
        T(
            "Xử lý dữ liệu cá nhân của dưới 100.000 chủ thể (cơ bản) và dưới 10.000 chủ thể (nhạy cảm)",
            "Personal data of fewer than 100,000 subjects (basic) and fewer than 10,000 (sensitive)",
        ),
    ),
    row(
        "C6",
        "basic_subjects",
        Match::Subjects { at_or_above: true },
        3,
        None,
        Some("13.2.c"),
        T(
            "Xử lý dữ liệu cá nhân cơ bản của từ 100.000 chủ thể hoặc dữ liệu cá nhân nhạy cảm của từ 10.000 chủ thể",
            "Basic personal data of 100,000 subjects or more, or sensitive personal data of 10,000 or more",
        ),
    ),
    row(
        "C7",
        "national_egov",
        Match::Answer("yes"),
        4,
        Some("10.2"),
        Some("14"),
        T(
            "Hệ thống Chính phủ điện tử cấp quốc gia, vận hành 24/7",
            "National e-government system running 24/7",
        ),
    ),
    row(
        "C8",
        "admin_procedures",
        Match::Answer("yes"),
        3,
        None,
        Some("13.2.b"),
        T(
            "Hệ thống phục vụ giải quyết thủ tục hành chính",
            "System handling administrative procedures",
        ),
    ),
    row(
        "C0",
        "type",
        Match::CitizenFloor,
        2,
        Some("8.2"),
        Some("12"),
        T(
            "Hệ thống phục vụ người dân, doanh nghiệp không thấp hơn cấp độ 2",
            "A citizen-facing system is never below level 2",
        ),
    ),
    row(
        "D1",
        "infra_scope",
        Match::Answer("one-body"),
        2,
        Some("8.3"),
        Some("12"),
        T(
            "Cơ sở hạ tầng thông tin phục vụ một cơ quan, tổ chức",
            "Infrastructure serving one body",
        ),
    ),
    row(
        "D2",
        "infra_scope",
        Match::Answer("shared"),
        3,
        Some("9.3"),
        Some("13"),
        T(
            "Cơ sở hạ tầng dùng chung của một ngành, một tỉnh hoặc nhiều tỉnh",
            "Infrastructure shared by one sector, one province or several provinces",
        ),
    ),
    row(
        "D3",
        "infra_scope",
        Match::Answer("national"),
        4,
        Some("10.3"),
        Some("14"),
        T(
            "Cơ sở hạ tầng dùng chung toàn quốc, vận hành 24/7",
            "Nationwide shared infrastructure running 24/7",
        ),
    ),
    row(
        "D4",
        "infra_scope",
        Match::Answer("international"),
        5,
        Some("11.3"),
        Some("15"),
        T(
            "Hạ tầng quốc gia kết nối Việt Nam với quốc tế",
            "National infrastructure linking Vietnam internationally",
        ),
    ),
    row(
        "E1",
        "works_grade",
        Match::Answer("grade-2-4"),
        3,
        Some("9.4"),
        Some("13"),
        T(
            "Điều khiển công nghiệp cho công trình cấp II, III, IV",
            "Industrial control for grade II, III or IV works",
        ),
    ),
    row(
        "E2",
        "works_grade",
        Match::Answer("grade-1"),
        4,
        Some("10.4"),
        Some("14"),
        T(
            "Điều khiển công nghiệp cho công trình cấp I",
            "Industrial control for grade I works",
        ),
    ),
    row(
        "E3",
        "works_grade",
        Match::Answer("special"),
        5,
        Some("11.4"),
        Some("15"),
        T(
            "Điều khiển công nghiệp cho công trình cấp đặc biệt hoặc quan trọng về an ninh quốc gia",
            "Industrial control for special-grade works or works tied to national security",
        ),
    ),
    row(
        "F1",
        "national_data",
        Match::Answer("yes"),
        5,
        Some("11.2"),
        Some("15"),
        T(
            "Lưu trữ tập trung dữ liệu đặc biệt quan trọng của quốc gia",
            "Central storage of especially important national data",
        ),
    ),
    row(
        "F2",
        "pm_decision",
        Match::Answer("yes"),
        5,
        Some("11.5"),
        Some("15"),
        T(
            "Hệ thống khác do Thủ tướng Chính phủ quyết định",
            "Other system decided by the Prime Minister",
        ),
    ),
    row(
        "G",
        "components",
        Match::Components,
        0,
        Some("5.2"),
        Some("8.2"),
        T(
            "Hệ thống gồm nhiều thành phần lấy cấp độ cao nhất của các thành phần",
            "A system made of components takes their highest level",
        ),
    ),
];

/// The rows that exist in a regime.
pub fn rows(regime: Regime) -> impl Iterator<Item = &'static Row> {
    ROWS.iter().filter(move |r| r.article(regime).is_some())
}

/// The questions of a regime, in order (whatever the answers).
pub fn all_questions(regime: Regime) -> impl Iterator<Item = &'static Question> {
    QUESTIONS
        .iter()
        .filter(move |q| q.regimes.contains(&regime))
}

/// A question by id.
pub fn question(id: &str) -> Option<&'static Question> {
    QUESTIONS.iter().find(|q| q.id == id)
}

/// The answers given so far, by question id (option keys, counts or level lists as typed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Answers(BTreeMap<String, String>);

impl Answers {
    pub fn new() -> Answers {
        Answers::default()
    }

    /// Answers from pairs, for tests and prefilled forms.
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Answers {
        let mut a = Answers::new();
        for (q, v) in pairs {
            a.set(q, v);
        }
        a
    }

    pub fn set(&mut self, question: &str, answer: &str) {
        self.0.insert(question.to_owned(), answer.trim().to_owned());
    }

    /// The answer, `None` when empty or not given.
    pub fn get(&self, question: &str) -> Option<&str> {
        self.0
            .get(question)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }
}

/// The questions to ask given the answers so far (type-specific ones once the type is known).
pub fn questions(regime: Regime, answers: &Answers) -> Vec<&'static Question> {
    let ty = answers.get("type");
    let secret = answers.get("secret").is_some_and(|s| s != "no");
    all_questions(regime)
        .filter(|q| q.types.is_empty() || ty.is_some_and(|t| q.types.contains(&t)))
        .filter(|q| !(q.without_secrets && secret))
        .collect()
}

/// A whole number typed with or without thousands separators; `None` when not a number.
fn count(s: &str) -> Option<u64> {
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ' ' | '\u{a0}'))
        .collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Levels typed as "3, 2" (or "3; 2"); `None` when one is not a level.
fn levels(s: &str) -> Option<Vec<Level>> {
    s.split([',', ';'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(Level::parse_loose)
        .collect()
}

/// A row that applied, with the level it gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub row: &'static Row,
    pub level: Level,
}

/// What the wizard concludes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The proposed level.
    Level(Level),
    /// Type (đ) other, or nothing matched: the officer decides (at least the level the rows
    /// that applied give, if any).
    Manual { at_least: Option<Level> },
    /// Some questions are unanswered or not understood.
    Incomplete,
}

/// The wizard's proposal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    pub regime: Regime,
    pub verdict: Verdict,
    /// The highest level of the rows that applied.
    pub level: Option<Level>,
    /// The rows at that level: what decided it.
    pub decided_by: Vec<Hit>,
    /// Every row that applied.
    pub matched: Vec<Hit>,
    /// Questions to ask that have no answer.
    pub missing: Vec<&'static str>,
    /// Questions whose answer is not one of the options, a number or a list of levels.
    pub invalid: Vec<&'static str>,
}

impl Proposal {
    /// The citations of the deciding rows, "; "-separated, without repeats.
    pub fn basis(&self, lang: Lang) -> String {
        let mut out: Vec<String> = Vec::new();
        for h in &self.decided_by {
            let c = format!("{} ({})", h.row.cite(self.regime, lang), h.row.id);
            if !out.contains(&c) {
                out.push(c);
            }
        }
        out.join("; ")
    }
}

/// Evaluates every row of the regime against the answers; the highest level wins.
pub fn evaluate(regime: Regime, answers: &Answers) -> Proposal {
    let asked = questions(regime, answers);
    let is_asked = |id: &str| asked.iter().any(|q| q.id == id);
    let mut missing = Vec::new();
    let mut invalid = Vec::new();
    for q in &asked {
        let a = answers.get(q.id);
        match (q.kind, a) {
            (AnswerKind::Choice(_), None) => missing.push(q.id),
            (AnswerKind::Choice(opts), Some(a)) if !opts.iter().any(|o| o.key == a) => {
                invalid.push(q.id)
            }
            (AnswerKind::Count, Some(a)) if count(a).is_none() => invalid.push(q.id),
            (AnswerKind::Levels, Some(a)) if levels(a).is_none() => invalid.push(q.id),
            _ => {}
        }
    }
    let num = |id: &str| {
        if is_asked(id) {
            answers.get(id).and_then(count).unwrap_or(0)
        } else {
            0
        }
    };
    let mut matched: Vec<Hit> = Vec::new();
    for r in rows(regime) {
        let level = match r.when {
            Match::Answer(key) => {
                (is_asked(r.question) && answers.get(r.question) == Some(key)).then_some(r.level)
            }
            Match::Count { min, max } => {
                let n = num(r.question);
                (is_asked(r.question) && n >= min && max.is_none_or(|m| n < m)).then_some(r.level)
            }
            Match::Subjects { at_or_above } => {
                let (basic, sensitive) = (num("basic_subjects"), num("sensitive_subjects"));
                let any = basic > 0 || sensitive > 0;
                let above = basic >= 100_000 || sensitive >= 10_000;
                (any && above == at_or_above).then_some(r.level)
            }
            Match::Components => {
                if is_asked(r.question) {
                    answers
                        .get(r.question)
                        .and_then(levels)
                        .and_then(|l| l.into_iter().max())
                        .map(|l| l.get())
                } else {
                    None
                }
            }
            Match::CitizenFloor => None,
        };
        if let Some(l) = level.and_then(|l| Level::new(i64::from(l))) {
            matched.push(Hit { row: r, level: l });
        }
    }
    let citizen = answers.get("type") == Some("citizen");
    if citizen
        && !matched.iter().any(|h| h.row.id.starts_with('C'))
        && let Some(r) = rows(regime).find(|r| r.when == Match::CitizenFloor)
        && let Some(l) = Level::new(i64::from(r.level))
    {
        matched.push(Hit { row: r, level: l });
    }
    let level = matched.iter().map(|h| h.level).max();
    let decided_by: Vec<Hit> = matched
        .iter()
        .copied()
        .filter(|h| Some(h.level) == level)
        .collect();
    let manual = answers.get("type") == Some("other");
    let verdict = if !missing.is_empty() || !invalid.is_empty() {
        Verdict::Incomplete
    } else {
        match (manual, level) {
            (false, Some(l)) => Verdict::Level(l),
            (_, at_least) => Verdict::Manual { at_least },
        }
    };
    Proposal {
        regime,
        verdict,
        level,
        decided_by,
        matched,
        missing,
        invalid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The answers of a system of type `ty` that matches no row except `extra`.
    fn base(ty: &str, extra: &[(&str, &str)]) -> Answers {
        let mut a = Answers::from_pairs(&[
            ("type", ty),
            ("secret", "no"),
            ("national_data", "no"),
            ("pm_decision", "no"),
            ("admin_procedures", "no"),
        ]);
        match ty {
            "internal" => a.set("internal_info", "public"),
            "citizen" => {
                a.set("public_service", "none");
                a.set("online_service", "none");
                a.set("national_egov", "no");
            }
            "infrastructure" => a.set("infra_scope", "one-body"),
            "industrial" => a.set("works_grade", "grade-2-4"),
            _ => {}
        }
        for (q, v) in extra {
            a.set(q, v);
        }
        a
    }

    fn ids(p: &Proposal) -> Vec<&'static str> {
        p.decided_by.iter().map(|h| h.row.id).collect()
    }

    /// Asserts the verdict level, the deciding rows and the first deciding row's article.
    fn check(regime: Regime, a: &Answers, level: u8, rows: &[&str], article: &str) {
        let p = evaluate(regime, a);
        assert_eq!(
            p.verdict,
            Verdict::Level(Level::new(i64::from(level)).unwrap()),
            "{regime:?} {a:?}: {p:?}"
        );
        assert_eq!(ids(&p), rows, "{regime:?} {a:?}");
        assert_eq!(
            p.decided_by[0].row.article(regime),
            Some(article),
            "{regime:?} {a:?}"
        );
    }

    const BOTH_REGIMES: [Regime; 2] = [Regime::Nd85, Regime::Nd331];

    #[test]
    fn row_a1_follows_the_harm() {
        for (ans, lvl, a85, a331) in [
            ("harm", 3, "9.1", "13"),
            ("serious", 4, "10.1", "14"),
            ("especially-serious", 5, "11.1", "15"),
        ] {
            // an internal system with state secrets: the B rows do not apply
            let a = base("internal", &[("secret", ans)]);
            check(Regime::Nd85, &a, lvl, &["A1"], a85);
            check(Regime::Nd331, &a, lvl, &["A1"], a331);
            assert!(
                !questions(Regime::Nd85, &a)
                    .iter()
                    .any(|q| q.id == "internal_info")
            );
        }
    }

    #[test]
    fn rows_b1_b2_internal() {
        let a = base("internal", &[("internal_info", "public")]);
        check(Regime::Nd85, &a, 1, &["B1"], "7");
        check(Regime::Nd331, &a, 1, &["B1"], "11");
        let a = base("internal", &[("internal_info", "private")]);
        check(Regime::Nd85, &a, 2, &["B2"], "8.1");
        check(Regime::Nd331, &a, 2, &["B2"], "12");
    }

    #[test]
    fn rows_c1_c2_exist_only_under_decree_85() {
        let a = base("citizen", &[("public_service", "level-1-2")]);
        check(Regime::Nd85, &a, 2, &["C1"], "8.2.a");
        let a = base("citizen", &[("public_service", "level-3-4")]);
        check(Regime::Nd85, &a, 3, &["C2"], "9.2.a");
        // Decree 331 dropped the online-public-service-level criteria: not asked, not counted
        assert!(
            !questions(Regime::Nd331, &a)
                .iter()
                .any(|q| q.id == "public_service")
        );
        check(Regime::Nd331, &a, 2, &["C0"], "12");
    }

    #[test]
    fn rows_c3_c4_conditional_business() {
        let a = base("citizen", &[("online_service", "not-conditional")]);
        check(Regime::Nd85, &a, 2, &["C3"], "8.2.b");
        check(Regime::Nd331, &a, 2, &["C3"], "12");
        let a = base("citizen", &[("online_service", "conditional")]);
        check(Regime::Nd85, &a, 3, &["C4"], "9.2.b");
        check(Regime::Nd331, &a, 3, &["C4"], "13");
    }

    #[test]
    fn rows_c5_c6_users_under_decree_85() {
        let a = base("citizen", &[("users", "9.999")]);
        check(Regime::Nd85, &a, 2, &["C5"], "8.2.c");
        let a = base("citizen", &[("users", "10.000")]);
        check(Regime::Nd85, &a, 3, &["C6"], "9.2.c");
        let a = base("citizen", &[("users", "250000")]);
        check(Regime::Nd85, &a, 3, &["C6"], "9.2.c");
        // no such service: only the floor
        let a = base("citizen", &[("users", "0")]);
        check(Regime::Nd85, &a, 2, &["C0"], "8.2");
    }

    #[test]
    fn rows_c5_c6_data_subjects_under_decree_331() {
        let r = Regime::Nd331;
        let a = base("citizen", &[("basic_subjects", "99.999")]);
        check(r, &a, 2, &["C5"], "12.2.b");
        let a = base("citizen", &[("basic_subjects", "100.000")]);
        check(r, &a, 3, &["C6"], "13.2.c");
        let a = base("citizen", &[("sensitive_subjects", "9,999")]);
        check(r, &a, 2, &["C5"], "12.2.b");
        let a = base("citizen", &[("sensitive_subjects", "10,000")]);
        check(r, &a, 3, &["C6"], "13.2.c");
        let a = base(
            "citizen",
            &[("basic_subjects", "99999"), ("sensitive_subjects", "9999")],
        );
        check(r, &a, 2, &["C5"], "12.2.b");
        // the Decree 85 user count is not a Decree 331 question: 10,000 users is not level 3
        let a = base("citizen", &[("users", "10000")]);
        check(r, &a, 2, &["C0"], "12");
        // and the subject counts mean nothing under Decree 85
        let a = base("citizen", &[("basic_subjects", "500000")]);
        check(Regime::Nd85, &a, 2, &["C0"], "8.2");
    }

    #[test]
    fn row_c7_national_egov() {
        let a = base("citizen", &[("national_egov", "yes")]);
        check(Regime::Nd85, &a, 4, &["C7"], "10.2");
        check(Regime::Nd331, &a, 4, &["C7"], "14");
    }

    #[test]
    fn row_c8_administrative_procedures_only_under_decree_331() {
        for ty in ["internal", "citizen", "infrastructure"] {
            let a = base(ty, &[("admin_procedures", "yes")]);
            check(Regime::Nd331, &a, 3, &["C8"], "13.2.b");
        }
        // not a Decree 85 criterion: an internal public-information system stays level 1
        let a = base("internal", &[("admin_procedures", "yes")]);
        check(Regime::Nd85, &a, 1, &["B1"], "7");
    }

    #[test]
    fn rows_d_infrastructure() {
        for (ans, lvl, id, a85, a331) in [
            ("one-body", 2, "D1", "8.3", "12"),
            ("shared", 3, "D2", "9.3", "13"),
            ("national", 4, "D3", "10.3", "14"),
            ("international", 5, "D4", "11.3", "15"),
        ] {
            let a = base("infrastructure", &[("infra_scope", ans)]);
            check(Regime::Nd85, &a, lvl, &[id], a85);
            check(Regime::Nd331, &a, lvl, &[id], a331);
        }
    }

    #[test]
    fn rows_e_industrial_control() {
        for (ans, lvl, id, a85, a331) in [
            ("grade-2-4", 3, "E1", "9.4", "13"),
            ("grade-1", 4, "E2", "10.4", "14"),
            ("special", 5, "E3", "11.4", "15"),
        ] {
            let a = base("industrial", &[("works_grade", ans)]);
            check(Regime::Nd85, &a, lvl, &[id], a85);
            check(Regime::Nd331, &a, lvl, &[id], a331);
        }
    }

    #[test]
    fn rows_f1_f2() {
        for r in BOTH_REGIMES {
            let a = base("internal", &[("national_data", "yes")]);
            check(
                r,
                &a,
                5,
                &["F1"],
                if r == Regime::Nd85 { "11.2" } else { "15" },
            );
            let a = base("internal", &[("pm_decision", "yes")]);
            check(
                r,
                &a,
                5,
                &["F2"],
                if r == Regime::Nd85 { "11.5" } else { "15" },
            );
        }
    }

    #[test]
    fn row_g_components_take_the_maximum() {
        let a = base("internal", &[("components", "3, 2")]);
        check(Regime::Nd85, &a, 3, &["G"], "5.2");
        check(Regime::Nd331, &a, 3, &["G"], "8.2");
        // the components' level and the system's own rows: the highest wins, ties list both
        let a = base(
            "internal",
            &[("internal_info", "private"), ("components", "2; cấp độ 1")],
        );
        check(Regime::Nd85, &a, 2, &["B2", "G"], "8.1");
        let p = evaluate(Regime::Nd85, &base("internal", &[("components", "3, 9")]));
        assert_eq!(p.verdict, Verdict::Incomplete);
        assert_eq!(p.invalid, vec!["components"]);
    }

    #[test]
    fn highest_level_wins_across_rows() {
        let a = base(
            "citizen",
            &[
                ("public_service", "level-1-2"),
                ("online_service", "conditional"),
                ("users", "5000"),
                ("secret", "serious"),
            ],
        );
        let p = evaluate(Regime::Nd85, &a);
        assert_eq!(p.verdict, Verdict::Level(Level::new(4).unwrap()));
        let all: Vec<&str> = p.matched.iter().map(|h| h.row.id).collect();
        assert_eq!(all, vec!["A1", "C1", "C4", "C5"]);
        assert_eq!(ids(&p), vec!["A1"]);
        assert_eq!(p.basis(Lang::Vi), "Nghị định 85/2016/NĐ-CP Điều 10.1 (A1)");
        assert_eq!(p.basis(Lang::En), "Decree 85/2016/ND-CP Art. 10.1 (A1)");
    }

    #[test]
    fn citizen_floor_only_when_no_other_citizen_row() {
        let p = evaluate(Regime::Nd85, &base("citizen", &[]));
        assert_eq!(ids(&p), vec!["C0"]);
        let p = evaluate(
            Regime::Nd85,
            &base("citizen", &[("public_service", "level-1-2")]),
        );
        assert_eq!(ids(&p), vec!["C1"]);
    }

    #[test]
    fn type_other_is_a_manual_decision() {
        for r in BOTH_REGIMES {
            let p = evaluate(r, &base("other", &[]));
            assert_eq!(p.verdict, Verdict::Manual { at_least: None });
            // a row that applies whatever the type still sets a floor
            let p = evaluate(r, &base("other", &[("secret", "harm")]));
            assert_eq!(
                p.verdict,
                Verdict::Manual {
                    at_least: Level::new(3)
                }
            );
        }
    }

    #[test]
    fn unanswered_questions_make_it_incomplete() {
        let p = evaluate(Regime::Nd85, &Answers::new());
        assert_eq!(p.verdict, Verdict::Incomplete);
        assert_eq!(
            p.missing,
            vec!["type", "secret", "national_data", "pm_decision"]
        );
        let p = evaluate(Regime::Nd331, &Answers::from_pairs(&[("type", "internal")]));
        assert!(p.missing.contains(&"internal_info"));
        assert!(p.missing.contains(&"admin_procedures"));
        let p = evaluate(
            Regime::Nd85,
            &base("internal", &[("internal_info", "maybe")]),
        );
        assert_eq!(p.invalid, vec!["internal_info"]);
        let p = evaluate(Regime::Nd85, &base("citizen", &[("users", "nhiều")]));
        assert_eq!(p.invalid, vec!["users"]);
    }

    #[test]
    fn every_row_is_reachable_and_cited() {
        for r in ROWS {
            assert!(r.art85.is_some() || r.art331.is_some(), "{}", r.id);
            assert!(question(r.question).is_some(), "{}", r.id);
            if let Match::Answer(k) = r.when {
                let q = question(r.question).unwrap();
                let AnswerKind::Choice(opts) = q.kind else {
                    panic!("{}", r.id)
                };
                assert!(opts.iter().any(|o| o.key == k), "{} {k}", r.id);
            }
            for regime in BOTH_REGIMES {
                if r.article(regime).is_some() && r.question != "type" {
                    let q = question(r.question).unwrap();
                    assert!(q.regimes.contains(&regime), "{} {regime:?}", r.id);
                }
            }
        }
        assert_eq!(Regime::for_pack("nd331-2026"), Regime::Nd331);
        assert_eq!(Regime::for_pack("nd85-2016"), Regime::Nd85);
        for q in QUESTIONS {
            assert!(!q.text.0.is_empty() && !q.text.1.is_empty());
        }
    }
}
