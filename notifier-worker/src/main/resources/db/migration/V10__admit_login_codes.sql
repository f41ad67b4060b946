-- Checks and counts a round's login codes in one round trip (it took four: lock, read, insert, commit, each of
-- which waits for a busy database while a login code waits for them). The same rules as before: the numbers'
-- advisory locks are taken in sorted order (two workers never deadlock), an event already counted is admitted
-- again without being counted twice, codes to one number count against each other in the order given, and a
-- limit of 0 is no limit. Returns the refused events with the limit each reached, e.g. '1 per minute'.
-- Each statement of a plpgsql function reads what the ones before it wrote, and, under read committed, what
-- other transactions committed before it began: so the counts read after a lock include every code counted by
-- the lock's previous holder.
create function admit_login_codes(event_ids text[], phones text[], per_minute integer, per_hour integer,
                                  per_day integer)
    returns table (refused_event_id text, limit_reached text)
    language plpgsql
as $$
declare
    i            integer;
    last_minute  integer;
    last_hour    integer;
    last_day     integer;
begin
    perform pg_advisory_xact_lock(hashtextextended(p, 0))
       from (select distinct u.p from unnest(phones) as u(p) order by 1) as sorted;
    for i in 1 .. coalesce(array_length(event_ids, 1), 0) loop
        continue when exists (select 1 from login_code_sends s where s.event_id = event_ids[i]);
        select count(*) filter (where s.sent_at > now() - interval '1 minute'),
               count(*) filter (where s.sent_at > now() - interval '1 hour'),
               count(*)
          into last_minute, last_hour, last_day
          from login_code_sends s
         where s.phone = phones[i] and s.sent_at > now() - interval '1 day';
        if per_minute > 0 and last_minute >= per_minute then
            refused_event_id := event_ids[i]; limit_reached := per_minute || ' per minute'; return next;
        elsif per_hour > 0 and last_hour >= per_hour then
            refused_event_id := event_ids[i]; limit_reached := per_hour || ' per hour'; return next;
        elsif per_day > 0 and last_day >= per_day then
            refused_event_id := event_ids[i]; limit_reached := per_day || ' per day'; return next;
        else
            insert into login_code_sends (event_id, phone) values (event_ids[i], phones[i])
                on conflict (event_id) do nothing;
        end if;
    end loop;
end
$$;
