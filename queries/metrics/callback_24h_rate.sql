-- callback_24h_rate: of missed incoming calls with a number, the share followed within 24 hours by an
-- outgoing call to that number or an answered call from it.
-- returns: callback_24h_rate
-- needs: calls
-- shape: row
with missed as (
    select row_number() over () as k, phone, started_at
    from stg_calls
    where direction = 'in' and not is_answered and phone is not null
),
contacts as (
    select phone, started_at from stg_calls
    where phone is not null and (direction = 'out' or (direction = 'in' and is_answered))
),
called_back as (
    select distinct m.k
    from missed m join contacts c
      on c.phone = m.phone and c.started_at > m.started_at
     and c.started_at <= m.started_at + interval 24 hour
)
select (select count(*) from called_back) / nullif(count(*), 0) as callback_24h_rate from missed
