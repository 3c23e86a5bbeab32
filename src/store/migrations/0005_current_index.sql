-- The current return of an identity is found by (identity, superseded_by
-- IS NULL) on every insert: with an index on identity alone, a file of many
-- returns sharing one identity took time quadratic in their number.
CREATE INDEX IF NOT EXISTS returns_identity_current ON returns(identity, superseded_by);
