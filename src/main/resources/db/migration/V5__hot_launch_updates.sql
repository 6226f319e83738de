-- A launch's busiest write is QUEUED -> ACTIVE (status, provider call id, start time). Every
-- index of call_jobs named one of those columns, so PostgreSQL could never update the row in
-- place (a heap-only tuple, HOT): each launch wrote a new row version plus an entry in all eight
-- indexes. Now no index of call_jobs names a column that this update changes, and pages keep room
-- for the new version, so it is a HOT update: no index entry at all.
--
-- outcome: NULL while the job is in flight (QUEUED or ACTIVE), else its final status. It changes
-- once, when the job ends, so the in-flight indexes are keyed on it instead of on status.
ALTER TABLE call_jobs ADD COLUMN outcome text
    GENERATED ALWAYS AS (CASE WHEN status IN ('QUEUED', 'ACTIVE') THEN NULL ELSE status END) STORED;

-- At most one attempt of a contact in flight at any moment (as before, keyed on outcome).
DROP INDEX call_jobs_one_in_flight_idx;
CREATE UNIQUE INDEX call_jobs_one_in_flight_idx ON call_jobs (contact_id) WHERE outcome IS NULL;
-- A campaign's calls in flight: admission's concurrency cap, completion, cancellation, orphans,
-- and (all of them, few by the caps) timeouts.
DROP INDEX call_jobs_in_flight_idx;
CREATE INDEX call_jobs_in_flight_idx ON call_jobs (campaign_id) WHERE outcome IS NULL;
DROP INDEX call_jobs_active_started_idx;
-- The job list's status filter for ended jobs (jobs in flight come from the index above).
DROP INDEX call_jobs_status_id_idx;
CREATE INDEX call_jobs_outcome_id_idx ON call_jobs (outcome, id) WHERE outcome IS NOT NULL;

-- Callbacks that name a call by the provider's id find its job here: an index on
-- call_jobs.provider_call_id would make the launch's update touch every index again. One row per
-- launch, written with the update; no foreign key (its check would lock the job row), so a lookup
-- joins call_jobs and a row whose job is gone finds nothing.
DROP INDEX call_jobs_provider_call_idx;
CREATE TABLE provider_calls (
    provider_call_id text   PRIMARY KEY,
    job_id           bigint NOT NULL
);
INSERT INTO provider_calls (provider_call_id, job_id)
SELECT provider_call_id, max(id) FROM call_jobs WHERE provider_call_id IS NOT NULL
GROUP BY provider_call_id;

-- Room on each page for the ACTIVE version of the jobs inserted there (HOT needs the same page).
ALTER TABLE call_jobs SET (fillfactor = 50);
