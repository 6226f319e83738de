-- The terminal-status guard ran its PL/pgSQL function for every status change, though it can only
-- object when the old status is terminal: the most frequent writes of a tick (QUEUED -> ACTIVE,
-- ACTIVE -> COMPLETED or FAILED) paid a function call per row for nothing. The same check now sits
-- in the trigger's WHEN clause, evaluated without calling the function; the function is unchanged.
DROP TRIGGER call_jobs_terminal_guard ON call_jobs;
CREATE TRIGGER call_jobs_terminal_guard BEFORE UPDATE OF status ON call_jobs
    FOR EACH ROW WHEN (OLD.status IN ('COMPLETED', 'FAILED', 'SKIPPED'))
    EXECUTE FUNCTION call_jobs_terminal_guard();
