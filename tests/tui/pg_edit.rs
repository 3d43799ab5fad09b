//! No lost update: two officers edit the same system at once (two store connections, on an
//! SQLite file and, with `CAPDO_TEST_PG`, on PostgreSQL). The second save keeps the fields
//! the first changed; a field both changed is refused with what changed, nothing written,
//! and written only when saved again on purpose.

use std::path::Path;

use capdo::domain::{Project, System};
use capdo::i18n::Lang;
use capdo::rules::{Packs, RuleChoice};
use capdo::store::{Access, Scope, Store, testdb};
use capdo::tui::form::{Form, Purpose};
use capdo::tui::forms::{project_form_in, system_fields_in};
use capdo::tui::save_form;

use crate::common::{ctx, today};

/// The edit form of system `code` as an officer opens it on `store` now.
fn edit_form(store: &Store, code: &str) -> Box<Form> {
    let data = store.load(Scope::Full).unwrap();
    let s = data.systems.iter().find(|s| s.code == code).unwrap();
    Box::new(Form::new(
        Purpose::EditSystem { code: code.into() },
        format!("Sửa {code}"),
        system_fields_in(Lang::Vi, Some(s)),
    ))
}

fn set(form: &mut Form, key: &str, value: &str) {
    form.fields.iter_mut().find(|f| f.key == key).unwrap().value = value.into();
}

fn two_officers(db: &Path) {
    let rules = RuleChoice::new(Packs::embedded(), today(), None).unwrap();
    let mut a = Store::open(db, Access::ReadWrite, today()).unwrap();
    let mut b = Store::open(db, Access::ReadWrite, today()).unwrap();
    let mut s = System::new("HT-1", "Cổng thông tin");
    s.owner = "UBND xã".into();
    a.create_system(&ctx(), &s).unwrap();

    // both open the form; A changes the owner and saves first
    let mut fa = edit_form(&a, "HT-1");
    let mut fb = edit_form(&b, "HT-1");
    let mut fb2 = edit_form(&b, "HT-1");
    set(&mut fa, "owner", "Văn phòng UBND");
    save_form(&mut a, &rules, &ctx(), Lang::Vi, fa).unwrap();

    // B changed only the name: A's owner stays
    set(&mut fb, "name", "Cổng thông tin điện tử");
    save_form(&mut b, &rules, &ctx(), Lang::Vi, fb).unwrap();
    let now = a.system_by_code("HT-1").unwrap().unwrap();
    assert_eq!(now.owner, "Văn phòng UBND");
    assert_eq!(now.name, "Cổng thông tin điện tử");

    // B's other form changed the owner too, differently: told what changed, nothing written
    set(&mut fb2, "owner", "Phòng Văn hóa");
    let back = save_form(&mut b, &rules, &ctx(), Lang::Vi, fb2).unwrap_err();
    let said = &back.errors[0].1;
    assert!(
        said.contains("Người khác đã lưu bản ghi này")
            && said.contains("\"UBND xã\" → \"Văn phòng UBND\""),
        "{said}"
    );
    // the name A… B saved meanwhile is taken into the form, the officer's own owner kept
    assert_eq!(back.value("name"), "Cổng thông tin điện tử");
    assert_eq!(back.value("owner"), "Phòng Văn hóa");
    assert_eq!(
        a.system_by_code("HT-1").unwrap().unwrap().owner,
        "Văn phòng UBND"
    );
    // saved again, on purpose
    save_form(&mut b, &rules, &ctx(), Lang::Vi, back).unwrap();
    let now = a.system_by_code("HT-1").unwrap().unwrap();
    assert_eq!(now.owner, "Phòng Văn hóa");
    assert_eq!(now.name, "Cổng thông tin điện tử");

    // a project, the other record the dashboard edits whole
    a.save_project(
        &ctx(),
        &Project {
            id: 0,
            year: 2026,
            name: "Dự án CNTT".into(),
            total_budget: 1_000_000,
            security_budget: 100_000,
            notes: String::new(),
        },
    )
    .unwrap();
    let project_form = |s: &Store| {
        let p = s.load(Scope::Full).unwrap().projects[0].clone();
        Box::new(project_form_in(Lang::Vi, today(), Some(&p)))
    };
    let (mut pa, mut pb) = (project_form(&a), project_form(&b));
    set(&mut pa, "security", "150000");
    save_form(&mut a, &rules, &ctx(), Lang::Vi, pa).unwrap();
    set(&mut pb, "security", "120000");
    let back = save_form(&mut b, &rules, &ctx(), Lang::Vi, pb).unwrap_err();
    assert!(back.errors[0].1.contains("150.000"), "{:?}", back.errors);
    assert_eq!(
        a.load(Scope::Full).unwrap().projects[0].security_budget,
        150_000
    );
}

#[test]
fn the_second_save_is_told_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    two_officers(&dir.path().join("s.db"));
}

#[test]
fn the_second_save_is_told_on_postgresql() {
    let Some(url) = testdb::fresh() else { return };
    two_officers(Path::new(&url));
}
