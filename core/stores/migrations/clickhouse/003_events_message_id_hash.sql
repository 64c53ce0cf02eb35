-- A 64-bit hash of each event's message id, for the de-duplication lookup of large groups: scanning a
-- UInt64 column against a set of hashes costs about half of scanning the message_id strings (the bloom
-- filter skips nothing when thousands of ids are looked up at once). Rows stored before this migration
-- compute it when read, so nothing is backfilled and nothing depends on a mutation or a merge; the
-- lookup compares the message ids it gets back, so a hash collision never makes an event a duplicate.
ALTER TABLE events ADD COLUMN IF NOT EXISTS message_id_hash UInt64 MATERIALIZED cityHash64(message_id);
