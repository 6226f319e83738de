-- Calling windows, in SQL so that admission, the claim and retry scheduling all decide alike and
-- set-based. A window is [start, end) local time on the given ISO days (1 = Monday) in time zone tz.

-- Whether instant t falls inside the window.
CREATE FUNCTION in_call_window(t timestamptz, tz text, w_start time, w_end time, w_days smallint[])
RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT extract(isodow FROM (t AT TIME ZONE tz))::smallint = ANY (w_days)
       AND (t AT TIME ZONE tz)::time >= w_start
       AND (t AT TIME ZONE tz)::time < w_end
$$;

-- The first instant at or after t inside the window: t itself when it is inside, else the next
-- opening. A retry whose backoff lands outside the window moves here.
CREATE FUNCTION next_call_window_opening(t timestamptz, tz text, w_start time, w_end time,
                                         w_days smallint[])
RETURNS timestamptz LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    local_t timestamp := t AT TIME ZONE tz;
    day     date;
BEGIN
    IF in_call_window(t, tz, w_start, w_end, w_days) THEN
        RETURN t;
    END IF;
    FOR i IN 0..7 LOOP
        day := local_t::date + i;
        IF extract(isodow FROM day)::smallint = ANY (w_days)
           AND (i > 0 OR local_t::time < w_start) THEN
            RETURN (day + w_start) AT TIME ZONE tz;
        END IF;
    END LOOP;
    RETURN NULL; -- unreachable: a window has at least one day
END;
$$;
