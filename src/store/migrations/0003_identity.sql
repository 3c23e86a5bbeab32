-- Identities name a council by its authority code when the name resolves
-- (reference::council_identity), however the return spelled it. The
-- re-keying of existing returns, amendments and anomalies is done in Rust
-- (store::rekey), since it reads each return; this file only records it.
SELECT 1;
