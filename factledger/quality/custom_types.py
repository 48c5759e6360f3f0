"""The names of factledger's own expectation types, importable without Great Expectations."""

MIXED_SCRIPT = "expect_column_values_to_have_no_mixed_script_words"
BOILERPLATE = "expect_column_values_to_have_no_boilerplate_lines"
TEXT_AT_OFFSETS = "expect_multicolumn_values_to_be_text_at_offsets"
ATTRIBUTED = "expect_multicolumn_values_to_be_attributed"
SHA256 = "expect_column_pair_values_to_be_bytes_and_their_sha256"
CUSTOM_TYPES = (MIXED_SCRIPT, BOILERPLATE, TEXT_AT_OFFSETS, ATTRIBUTED, SHA256)
