-- The ledger's mark. A daemon keeps what it read of the ledger (the
-- decoded returns, the queue) from one run to the next, and at the end of
-- each run writes a fresh token here. Every other change to those tables,
-- by any program, clears the token, so the daemon trusts what it kept only
-- while the token is still its own (a state.db replaced underneath holds
-- another token, or none).
INSERT OR IGNORE INTO meta (key, value) VALUES ('ledger_mark', 0);

CREATE TRIGGER IF NOT EXISTS ledger_mark_returns_insert AFTER INSERT ON returns
BEGIN UPDATE meta SET value = 0 WHERE key = 'ledger_mark' AND value <> 0; END;
CREATE TRIGGER IF NOT EXISTS ledger_mark_returns_update AFTER UPDATE ON returns
BEGIN UPDATE meta SET value = 0 WHERE key = 'ledger_mark' AND value <> 0; END;
CREATE TRIGGER IF NOT EXISTS ledger_mark_returns_delete AFTER DELETE ON returns
BEGIN UPDATE meta SET value = 0 WHERE key = 'ledger_mark' AND value <> 0; END;

CREATE TRIGGER IF NOT EXISTS ledger_mark_anomalies_insert AFTER INSERT ON anomalies
BEGIN UPDATE meta SET value = 0 WHERE key = 'ledger_mark' AND value <> 0; END;
CREATE TRIGGER IF NOT EXISTS ledger_mark_anomalies_update AFTER UPDATE ON anomalies
BEGIN UPDATE meta SET value = 0 WHERE key = 'ledger_mark' AND value <> 0; END;
CREATE TRIGGER IF NOT EXISTS ledger_mark_anomalies_delete AFTER DELETE ON anomalies
BEGIN UPDATE meta SET value = 0 WHERE key = 'ledger_mark' AND value <> 0; END;

-- A return names the file it came from: only moving a file (the column
-- `moved`) leaves the mark.
CREATE TRIGGER IF NOT EXISTS ledger_mark_files_update AFTER UPDATE OF name ON files
BEGIN UPDATE meta SET value = 0 WHERE key = 'ledger_mark' AND value <> 0; END;
CREATE TRIGGER IF NOT EXISTS ledger_mark_files_delete AFTER DELETE ON files
BEGIN UPDATE meta SET value = 0 WHERE key = 'ledger_mark' AND value <> 0; END;
