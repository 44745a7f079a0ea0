-- The PostgreSQL store keeps exactly what the JSON store keeps: the journal
-- records (one per transaction, applied in seq order to rebuild the model)
-- and, now and then, a snapshot of the whole model so a start need not
-- replay everything.

-- One row per store transaction: a `Record` as JSON (seq, update, changes,
-- outbox, sent, confirmed). Written under an advisory lock, so seq has no gaps.
CREATE TABLE journal (
    seq    BIGINT PRIMARY KEY,
    record JSONB NOT NULL,
    at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Every Telegram update handled, by id and message key: the unique key that
-- makes an update delivered again (to this or another replica) a no-op.
CREATE TABLE handled_updates (
    update_id BIGINT NOT NULL,
    key       TEXT NOT NULL,
    at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (update_id, key)
);

-- The model as it was after journal entry `seq`.
CREATE TABLE snapshots (
    seq   BIGINT PRIMARY KEY,
    model JSONB NOT NULL,
    at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
