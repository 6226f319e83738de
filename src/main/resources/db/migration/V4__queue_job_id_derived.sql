-- A job's queue_job_id is 'c' || campaign_id || '-ct' || contact_id || '-a' || (attempts_made + 1):
-- one key per contact attempt. Its UNIQUE index was a second copy of UNIQUE (contact_id,
-- attempts_made), on text, that every claimed job inserted into and every status change
-- re-inserted into (the claim's and the launch's most frequent writes). The key's form is now a
-- CHECK, so two jobs share a key only if they share a contact and an attempt, which the remaining
-- unique constraint forbids: the same guarantee, one index fewer. A callback that names a job by
-- its key finds it through (contact_id, attempts_made), read from the key.
ALTER TABLE call_jobs
    ADD CONSTRAINT call_jobs_queue_job_id_form CHECK (
        queue_job_id = 'c' || campaign_id::text || '-ct' || contact_id::text
                       || '-a' || (attempts_made + 1)::text);
ALTER TABLE call_jobs DROP CONSTRAINT call_jobs_queue_job_id_key;
