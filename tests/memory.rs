//! What a build holds for its whole length stays lean: a bulletin's digest (kept until the
//! unit and site pages are made) holds its rows without spare room.

use std::path::Path;

/// `Vec<UnitRecord>` collected into `Vec<Arc<UnitRecord>>` reuses the records' buffer in
/// place: a vector of 8-byte pointers keeping hundreds of bytes a slot, for the whole
/// build (245 MB of a 10,000-bulletin build's peak, BENCHMARKS.md, issue 29).
#[test]
fn a_digest_holds_its_rows_without_the_buffer_they_were_made_in() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (site, _) = bulletin::load::load_site(root).expect("the example loads");
    let results = bulletin::rank::rank_site(&site.bulletins, &Default::default())
        .expect("the example ranks")
        .results;
    let mut rows = 0;
    for (path, b) in &site.bulletins {
        let digest = bulletin::render::bulletin::digest(b, &results[path.as_str()]);
        rows += digest.units.len();
        assert_eq!(
            digest.units.capacity(),
            digest.units.len(),
            "{path}: the digest's rows hold spare room"
        );
    }
    assert!(
        rows > 100,
        "the example's unit bulletins have rows ({rows})"
    );
}
