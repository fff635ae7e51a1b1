-- PostgreSQL only, run before the numbered migrations on every start: SQLite functions that shared SQL
-- uses, so the same statement runs on both engines. Times are ISO-8601 UTC text, as on SQLite.

-- strftime(format, 'now' | ISO time text [, modifier]) for the formats the project uses (%Y %m %d %H %M %S %f
-- %j %s %%) and modifiers such as '-48 hours', '+7 days' (read as a PostgreSQL interval).
CREATE OR REPLACE FUNCTION strftime(fmt text, at text, modifier text) RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    t timestamp;
    out text := fmt;
BEGIN
    IF at IS NULL OR fmt IS NULL THEN
        RETURN NULL;
    END IF;
    IF at = 'now' THEN
        t := statement_timestamp() AT TIME ZONE 'UTC';
    ELSE
        t := replace(replace(at, 'T', ' '), 'Z', '')::timestamp;
    END IF;
    IF modifier IS NOT NULL THEN
        t := t + modifier::interval;
    END IF;
    IF fmt = '%Y-%m-%dT%H:%M:%fZ' THEN
        RETURN to_char(t, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
    END IF;
    out := replace(out, '%%', chr(1));
    out := replace(out, '%Y', to_char(t, 'YYYY'));
    out := replace(out, '%m', to_char(t, 'MM'));
    out := replace(out, '%d', to_char(t, 'DD'));
    out := replace(out, '%H', to_char(t, 'HH24'));
    out := replace(out, '%M', to_char(t, 'MI'));
    out := replace(out, '%f', to_char(t, 'SS.MS'));
    out := replace(out, '%S', to_char(t, 'SS'));
    out := replace(out, '%j', to_char(t, 'DDD'));
    out := replace(out, '%s', floor(extract(epoch FROM t))::bigint::text);
    IF out ~ '%[A-Za-z]' THEN
        RAISE EXCEPTION 'strftime format % is not supported on PostgreSQL', fmt;
    END IF;
    RETURN replace(out, chr(1), '%');
END $$;

CREATE OR REPLACE FUNCTION strftime(fmt text, at text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT strftime(fmt, at, NULL)
$$;

-- group_concat(value, separator), SQLite's string aggregate (NULLs skipped).
CREATE OR REPLACE FUNCTION _group_concat_step(acc text, value text, sep text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN value IS NULL THEN acc WHEN acc IS NULL THEN value ELSE acc || sep || value END
$$;
CREATE OR REPLACE AGGREGATE group_concat(text, text) (SFUNC = _group_concat_step, STYPE = text);
