-- campaign-tick schema: the whole data model of CONTRACT.md. Constraints protect the invariants
-- by themselves, so a bug in the code cannot quietly break them.

CREATE TABLE audience_lists (
    id              bigserial PRIMARY KEY,
    organization_id text        NOT NULL CHECK (organization_id <> ''),
    name            text        NOT NULL CHECK (name <> ''),
    created_at      timestamptz NOT NULL
);
CREATE INDEX audience_lists_org_idx ON audience_lists (organization_id, id);

CREATE TABLE list_members (
    id         bigserial PRIMARY KEY,
    list_id    bigint NOT NULL REFERENCES audience_lists (id) ON DELETE CASCADE,
    phone      text   NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
    name       text,
    timezone   text,
    attributes jsonb  NOT NULL DEFAULT '{}'::jsonb,
    UNIQUE (list_id, phone)
);

CREATE TABLE campaigns (
    id                     bigserial PRIMARY KEY,
    organization_id        text        NOT NULL CHECK (organization_id <> ''),
    name                   text        NOT NULL CHECK (name <> ''),
    status                 text        NOT NULL
        CHECK (status IN ('DRAFT', 'SCHEDULED', 'RUNNING', 'PAUSED', 'COMPLETED', 'CANCELLED')),
    scheduled_at           timestamptz,
    timezone               text        NOT NULL DEFAULT 'UTC',
    -- Calling window in the campaign's (or the contact's) local time; ISO days, 1 = Monday.
    window_start           time        NOT NULL DEFAULT '00:00',
    window_end             time        NOT NULL DEFAULT '24:00',
    window_days            smallint[]  NOT NULL DEFAULT '{1,2,3,4,5,6,7}',
    max_concurrent_calls   integer     NOT NULL CHECK (max_concurrent_calls >= 1),
    daily_call_cap         integer     CHECK (daily_call_cap >= 1),
    calls_per_minute       integer     CHECK (calls_per_minute >= 1),
    max_attempts           integer     NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
    retry_backoff_seconds  integer     NOT NULL DEFAULT 300 CHECK (retry_backoff_seconds >= 0),
    call_timeout_seconds   integer     NOT NULL DEFAULT 900 CHECK (call_timeout_seconds >= 1),
    list_id                bigint      REFERENCES audience_lists (id),
    agent                  jsonb,
    recipients_generated   boolean     NOT NULL DEFAULT false,
    recipient_count        integer,
    activated_at           timestamptz,
    completed_at           timestamptz,
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    CHECK (window_end > window_start),
    CHECK (window_days <@ '{1,2,3,4,5,6,7}'::smallint[] AND cardinality(window_days) >= 1),
    CHECK (status <> 'SCHEDULED' OR scheduled_at IS NOT NULL)
);
-- Activation scans scheduled campaigns by due time; admission scans running ones.
CREATE INDEX campaigns_scheduled_idx ON campaigns (scheduled_at) WHERE status = 'SCHEDULED';
CREATE INDEX campaigns_running_idx ON campaigns (organization_id, id) WHERE status = 'RUNNING';
CREATE INDEX campaigns_org_status_idx ON campaigns (organization_id, status, id);

CREATE TABLE contacts (
    id              bigserial PRIMARY KEY,
    campaign_id     bigint      NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    phone           text        NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
    name            text,
    timezone        text,
    attributes      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    state           text        NOT NULL DEFAULT 'PENDING'
        CHECK (state IN ('PENDING', 'IN_PROGRESS', 'DONE', 'FAILED', 'EXCLUDED')),
    -- Failed attempts so far; the next attempt is number attempts_made + 1.
    attempts_made   integer     NOT NULL DEFAULT 0 CHECK (attempts_made >= 0),
    -- Not before this instant (retry backoff); NULL means due as soon as the campaign runs.
    next_attempt_at timestamptz,
    created_at      timestamptz NOT NULL,
    UNIQUE (campaign_id, phone)
);
-- The claim reads the due contacts of each campaign in id order; contacts with a time zone of
-- their own are few and looked up apart when the campaign's window is closed.
CREATE INDEX contacts_pending_idx ON contacts (campaign_id, id) WHERE state = 'PENDING';
CREATE INDEX contacts_pending_own_tz_idx ON contacts (campaign_id, id)
    WHERE state = 'PENDING' AND timezone IS NOT NULL;
-- Completion asks whether a campaign still has contacts in progress.
CREATE INDEX contacts_in_progress_idx ON contacts (campaign_id) WHERE state = 'IN_PROGRESS';

CREATE TABLE do_not_call (
    phone      text PRIMARY KEY CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
    reason     text,
    created_at timestamptz NOT NULL
);

CREATE TABLE call_jobs (
    id               bigserial PRIMARY KEY,
    -- Idempotency key sent to the provider: one per contact attempt, never reused.
    queue_job_id     text        NOT NULL UNIQUE,
    campaign_id      bigint      NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    contact_id       bigint      NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    organization_id  text        NOT NULL,
    phone            text        NOT NULL,
    status           text        NOT NULL
        CHECK (status IN ('QUEUED', 'ACTIVE', 'COMPLETED', 'FAILED', 'SKIPPED')),
    attempts_made    integer     NOT NULL CHECK (attempts_made >= 0),
    reason           text,
    result           jsonb,
    provider_call_id text,
    -- The run that claimed (or last re-sent) the job: a QUEUED job whose run is over is orphaned.
    run_id           bigint,
    -- Sends of this attempt whose outcome stayed unknown (timeout): re-sent with the same key.
    unconfirmed_sends integer    NOT NULL DEFAULT 0,
    enqueued_at      timestamptz NOT NULL,
    started_at       timestamptz,
    completed_at     timestamptz,
    failed_at        timestamptz,
    updated_at       timestamptz NOT NULL,
    UNIQUE (contact_id, attempts_made)
);
-- At most one attempt of a contact in flight at any moment.
CREATE UNIQUE INDEX call_jobs_one_in_flight_idx ON call_jobs (contact_id)
    WHERE status IN ('QUEUED', 'ACTIVE');
CREATE INDEX call_jobs_in_flight_idx ON call_jobs (campaign_id, status)
    WHERE status IN ('QUEUED', 'ACTIVE');
CREATE INDEX call_jobs_campaign_enqueued_idx ON call_jobs (campaign_id, enqueued_at);
CREATE INDEX call_jobs_status_id_idx ON call_jobs (status, id);
-- Timeouts look for calls that started long ago.
CREATE INDEX call_jobs_active_started_idx ON call_jobs (started_at) WHERE status = 'ACTIVE';
CREATE INDEX call_jobs_provider_call_idx ON call_jobs (provider_call_id)
    WHERE provider_call_id IS NOT NULL;

-- Terminal statuses never change: enforced here so no code path can break it.
CREATE FUNCTION call_jobs_terminal_guard() RETURNS trigger AS $$
BEGIN
    IF OLD.status IN ('COMPLETED', 'FAILED', 'SKIPPED') AND NEW.status IS DISTINCT FROM OLD.status THEN
        RAISE EXCEPTION 'call job % is % and cannot become %', OLD.id, OLD.status, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER call_jobs_terminal_guard BEFORE UPDATE OF status ON call_jobs
    FOR EACH ROW EXECUTE FUNCTION call_jobs_terminal_guard();

-- The single row every tick gates on: interval, lease and the automation switch.
CREATE TABLE cron_state (
    id                 smallint PRIMARY KEY CHECK (id = 1),
    last_cron_run_at   timestamptz,
    last_run_id        bigint,
    lease_run_id       bigint,
    lease_expires_at   timestamptz,
    automation_enabled boolean NOT NULL DEFAULT true,
    CHECK ((lease_run_id IS NULL) = (lease_expires_at IS NULL))
);
INSERT INTO cron_state (id) VALUES (1);

-- One row per tick, skipped ones included.
CREATE TABLE scheduler_runs (
    id               bigserial PRIMARY KEY,
    trigger          text        NOT NULL CHECK (trigger IN ('CRON', 'MANUAL')),
    status           text        NOT NULL
        CHECK (status IN ('RUNNING', 'COMPLETED', 'PARTIAL', 'SKIPPED', 'FAILED')),
    skip_reason      text        CHECK (skip_reason IN ('interval', 'busy', 'disabled')),
    organization_id  text,
    started_at       timestamptz NOT NULL,
    finished_at      timestamptz,
    duration_ms      bigint,
    budget_exhausted boolean     NOT NULL DEFAULT false,
    processed        integer     NOT NULL DEFAULT 0,
    launched         integer     NOT NULL DEFAULT 0,
    failed           integer     NOT NULL DEFAULT 0,
    skipped          integer     NOT NULL DEFAULT 0,
    errors           jsonb       NOT NULL DEFAULT '[]'::jsonb,
    next_run_at      timestamptz,
    CHECK ((status = 'SKIPPED') = (skip_reason IS NOT NULL))
);
CREATE INDEX scheduler_runs_started_idx ON scheduler_runs (started_at DESC);
