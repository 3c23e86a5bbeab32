//! The kinds' compiled-in schemas: each parses, and names its fields by
//! their questions, aliases and codes.

use crate::ingest::form_schema::FormSchema;

#[test]
fn every_embedded_schema_parses() {
    assert_eq!(
        crate::kinds::check_embedded().map_err(|e| e.to_string()),
        Ok(())
    );
    let broken = FormSchema::parse("[[field]]\nkey = 1\n").map_err(|e| {
        crate::ingest::schema::EmbeddedSchemaError::new("config/kinds/x.toml", &e).to_string()
    });
    assert!(
        broken.is_err_and(|m| m.contains("config/kinds/x.toml") && m.contains("broken")),
        "a schema that does not parse is a typed error naming its file"
    );
}

#[test]
fn builtin_survey_schema_parses() {
    let s = FormSchema::parse(super::commissioner::SCHEMA.text).expect("parses");
    assert!(s.field("spend_social_care_2010_11").is_some());
    assert!(s.field("breakdown_day_service_prep_combined").is_some());
    assert_eq!(
        s.fields.len(),
        s.keys().collect::<std::collections::HashSet<_>>().len()
    );
}

#[test]
fn every_question_and_key_names_its_own_field() {
    let s = super::commissioner::schema();
    for f in &s.fields {
        let by_q = s.field_by_label(&f.question).map(|g| g.key.as_str());
        assert_eq!(by_q, Some(f.key.as_str()), "question {:?}", f.question);
        let by_key = s.field_by_label(&f.key).map(|g| g.key.as_str());
        assert_eq!(by_key, Some(f.key.as_str()));
    }
}

#[test]
fn contract_schema_parses_and_names_its_values() {
    let s = FormSchema::parse(super::provider_contract::SCHEMA.text).expect("parses");
    let k = |l: &str| s.field_by_label(l).map(|f| f.key.clone());
    assert_eq!(k("Borough"), Some("area".into()));
    assert_eq!(
        k("Stage offered - In-work support"),
        Some("stage_offered_in_work_support".into())
    );
    assert_eq!(k("Paid jobs"), Some("outcomes_paid_job".into()));
    assert_eq!(
        k("Jobs retained outcomes"),
        Some("outcomes_job_retained".into())
    );
    let group = s.field("client_group").expect("client_group");
    assert_eq!(group.code_of("CMH/SMI"), Some("cmh_or_smi"));
    assert_eq!(
        group.code_of("Severe and enduring mental illness"),
        Some("smi")
    );
    let funder = s.field("funder").expect("funder");
    assert_eq!(funder.code_of("NHS MH Commissioner funded"), Some("nhs_mh"));
}

#[test]
fn person_schema_parses() {
    let s = FormSchema::parse(super::person::SCHEMA.text).expect("parses");
    assert_eq!(
        s.field_by_label("Participant ID").map(|f| f.key.as_str()),
        Some("person_id")
    );
    let eth = s.field("ethnicity").expect("ethnicity");
    assert_eq!(eth.code_of("Indian"), Some("asian_indian"));
    let needs = s.field("additional_needs").expect("needs");
    assert_eq!(
        needs.code_of("Physical Disability, frailty"),
        Some("physical_frailty")
    );
}

#[test]
fn survey_tool_headers_match() {
    let s = super::commissioner::schema();
    let k = |l: &str| s.field_by_label(l).map(|f| f.key.clone());
    assert_eq!(
        k("Social care - 2012/13"),
        Some("spend_social_care_2012_13".into())
    );
    assert_eq!(
        k("Table 1 - Health budget - Total amount spent in 2010-11"),
        Some("spend_health_2010_11".into())
    );
    assert_eq!(k("Paid work LD"), Some("breakdown_paid_work_ld".into()));
    assert_eq!(k("Authority Name:"), Some("authority".into()));
    assert_eq!(k("RespondentID"), Some("response_id".into()));
    let five = s.field("five_year").expect("field");
    assert_eq!(five.code_of("More than 5 yrs ago"), Some("more"));
    assert_eq!(five.code_of("LESS"), Some("less"));
    let used = s.field("pb_used").expect("field");
    assert_eq!(used.code_of("We don't know either way"), Some("dont_know"));
    assert_eq!(s.answer_box("☐ More rough estimates").len(), 3);
}
