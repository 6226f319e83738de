-- Every claimed contact inserts a job, and each of call_jobs' two foreign keys ran a check per
-- inserted row: a query of its own that also locked the referenced row (the contact, just
-- updated by the same claim, was locked a second time). In psql, a claim of 5,000 jobs (1,000
-- campaigns) spent 50 of its 275 ms in those two checks. Neither can fail: the claim is the only
-- writer of jobs and takes contact and campaign from a contact row it holds locked, and nothing in
-- the function deletes contacts or campaigns.
--
-- What the keys also did, cascade a deleted contact (or campaign, whose contacts cascade) to its
-- jobs, stays: a statement-level trigger deletes the jobs of the contacts a statement deleted, so
-- deleting a campaign by hand still leaves no job behind. (A job's campaign is its contact's.)
ALTER TABLE call_jobs DROP CONSTRAINT call_jobs_campaign_id_fkey;
ALTER TABLE call_jobs DROP CONSTRAINT call_jobs_contact_id_fkey;

CREATE FUNCTION call_jobs_follow_deleted_contacts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM call_jobs j USING deleted_contacts d WHERE j.contact_id = d.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER contacts_delete_their_jobs
    AFTER DELETE ON contacts
    REFERENCING OLD TABLE AS deleted_contacts
    FOR EACH STATEMENT EXECUTE FUNCTION call_jobs_follow_deleted_contacts();
