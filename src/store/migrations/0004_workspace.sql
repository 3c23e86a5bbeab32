-- Which workspace this ledger belongs to. The same id is in the workspace's
-- `workspace.id`, so a state.db that goes missing or is swapped for another
-- is noticed, never silently replaced by an empty one (store::identity).
CREATE TABLE IF NOT EXISTS workspace (id TEXT NOT NULL, created TEXT NOT NULL);
