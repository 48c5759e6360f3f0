"""Provenance: where every stored record came from, checked and exported.

- `trace`: the trail of one figure, conflict, queue item or decision, back to its bytes;
- `verify`: re-derive every content id and check every link and member list;
- `revisions`: claims a newer extractor made at the same offsets as older ones;
- `export`: the store as a W3C PROV document.

Hashing and canonical JSON are pure (`factledger.core.provenance`); the rows are written by
the store (`factledger.store.lineage`). docs/PROVENANCE.md describes the model.
"""
