"""PROV-JSON of the seeds run: read back with `prov`, it holds what the database holds."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from prov.model import ProvDocument
from sqlalchemy import text

from factledger.cli import main
from factledger.provenance.export import ProvCounts, build_prov, count_records, read_prov_json, to_prov_json
from factledger.review.queue import ReviewQueue
from factledger.store import Store
from tests.provenance.conftest import DECIDED_AT


def scalar(store: Store, sql: str) -> int:
    """One number from the database."""
    with store.engine.connect() as connection:
        return int(connection.execute(text(sql)).scalar_one())


def database_counts(store: Store) -> ProvCounts:
    """What the export must hold, counted from the tables, not from the exporter."""
    relayed = sum(1 for c in store.claims() if len(c.source_chain) > 1)
    sources = {name for c in store.claims() for name in c.source_chain}
    records = sum(
        scalar(store, f"SELECT COUNT(*) FROM {table}")
        for table in ("documents", "articles", "claims", "failures", "queue", "decisions")
    )
    versions = "SELECT COUNT(*) FROM (SELECT id FROM conflicts UNION SELECT id FROM conflict_versions) AS v"
    digests = (
        "SELECT COUNT(*) FROM (SELECT DISTINCT e.item_key, e.ref_id FROM queue_events e"
        " JOIN quality_digests d ON d.key = e.item_key) AS v"
    )
    steps = scalar(store, "SELECT COUNT(*) FROM activities WHERE step <> 'review'")
    actors = (
        "SELECT COUNT(DISTINCT r.actor) FROM runs r JOIN activities a ON a.key = r.activity"
        " WHERE a.step <> 'review'"
    )
    return ProvCounts(
        entities=records + scalar(store, versions) + scalar(store, digests) + relayed,
        activities=steps + scalar(store, "SELECT COUNT(*) FROM decisions"),
        agents=scalar(store, actors) + len(sources) + scalar(store, "SELECT COUNT(*) FROM reviewers"),
    )


def test_export_prov_round_trips_with_the_database_counts(
    seeded_url: str, seeded: Store, tmp_path: Path
) -> None:
    out = tmp_path / "seeds.prov.json"
    result = CliRunner().invoke(main, ["export", "prov", "--db", seeded_url, "--output", str(out)])
    assert result.exit_code == 0, result.output
    back = ProvDocument.deserialize(source=str(out), format="json")
    assert count_records(back) == database_counts(seeded)
    assert back == build_prov(seeded)


def test_export_prov_counts_on_the_seeds(seeded: Store) -> None:
    counts = count_records(read_prov_json(to_prov_json(build_prov(seeded))))
    # 2 documents, 1 pipeline agent, 1 reviewer; the rest follows the extraction.
    assert scalar(seeded, "SELECT COUNT(*) FROM documents") == 2
    assert counts.agents == 1 + len({n for c in seeded.claims() for n in c.source_chain}) + 1
    assert counts == database_counts(seeded)


def test_relayed_figure_is_quoted_from_its_original_source(seeded: Store) -> None:
    document = build_prov(seeded)
    nine = next(c for c in seeded.claims() if c.number_text == "nine")
    claim, statement = f"claim:{nine.id[7:]}", f"statement:{nine.id[7:]}"
    relations = {
        (type(r).__name__, str(r.args[0]), str(r.args[1]), tuple(str(t) for t in r.get_asserted_types()))
        for r in document.get_records()
        if r.is_relation() and str(r.args[0]) in (claim, statement)
    }
    article = f"article:{nine.article_id[7:]}"
    assert relations >= {
        ("ProvDerivation", claim, article, ()),
        ("ProvDerivation", claim, statement, ("prov:Quotation",)),
        ("ProvDerivation", claim, statement, ("prov:PrimarySource",)),
        ("ProvAttribution", claim, "source:The%20New%20Arab", ()),
        ("ProvAttribution", statement, "source:Local%20Coordination%20Committees", ()),
    }


def test_decision_is_an_activity_of_its_reviewer(seeded: Store) -> None:
    document = build_prov(seeded)
    associations = {
        (str(r.args[0]), str(r.args[1]))
        for r in document.get_records()
        if type(r).__name__ == "ProvAssociation"
    }
    decided = scalar(seeded, "SELECT MIN(id) FROM decisions")
    assert (f"decision:{decided}", "reviewer:ana") in associations
    ingest = next(a for a in seeded.activities() if a.step == "ingest")
    assert (f"activity:{ingest.id[7:]}", "software:pipeline") in associations


def test_a_decision_on_a_quality_digest_uses_the_digest_which_derives_from_its_failures(
    seeded: Store,
) -> None:
    digest = next(item for item in seeded.queue_items() if item.kind == "quality")
    queue = ReviewQueue(seeded, clock=lambda: DECIDED_AT)
    claimed = queue.claim(digest.key, "ana")
    decided = queue.decide(digest.key, claimed.version, "ana", "dismiss", note="known pattern")
    document = build_prov(seeded)
    relations = relations_of(document)
    name = f"digest:{digest.ref_id[7:]}"
    assert ("ProvUsage", f"decision:{decided.id}", name) in relations
    members = {(kind, source, target) for kind, source, target in relations if source == name}
    failures = queue.digest_failures(digest.key)
    assert members == {("ProvDerivation", name, f"failure:{f.id[7:]}") for f in failures} != set()
    assert undeclared(document, relations) == set()


def relations_of(document: ProvDocument) -> set[tuple[str, str, str]]:
    """(relation, subject, object) of every relation with both ends named."""
    return {
        (type(r).__name__, str(r.args[0]), str(r.args[1]))
        for r in document.get_records()
        if r.is_relation() and r.args[1] is not None
    }


def undeclared(document: ProvDocument, relations: set[tuple[str, str, str]]) -> set[str]:
    """Names relations point at that the document never declares (`entity:` marks ids no stored
    record has, by design)."""
    declared = {str(r.identifier) for r in document.get_records() if not r.is_relation()}
    named = {end for _, source, target in relations for end in (source, target)}
    return {n for n in named - declared if not n.startswith("entity:")}
