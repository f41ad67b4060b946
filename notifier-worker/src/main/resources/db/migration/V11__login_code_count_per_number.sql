-- A login code is counted once per (event, number, channel), not once per event: V10 skipped any event id
-- already counted, whatever the number, so a producer could reuse one event id, first for a throwaway number
-- and then for the victim's, and every code to the victim went uncounted. The limits still count every code
-- to a number, whatever the channel.
alter table login_code_sends add column channel text not null default 'sms';
alter table login_code_sends drop constraint login_code_sends_pkey;
alter table login_code_sends add primary key (event_id, phone, channel);

drop function admit_login_codes(text[], text[], integer, integer, integer);

create function admit_login_codes(event_ids text[], phones text[], channels text[], per_minute integer,
                                  per_hour integer, per_day integer)
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
        -- A redelivery of a code already counted: the same event, number and channel.
        continue when exists (select 1 from login_code_sends s
                               where s.event_id = event_ids[i] and s.phone = phones[i] and s.channel = channels[i]);
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
            insert into login_code_sends (event_id, phone, channel) values (event_ids[i], phones[i], channels[i])
                on conflict (event_id, phone, channel) do nothing;
        end if;
    end loop;
end
$$;
