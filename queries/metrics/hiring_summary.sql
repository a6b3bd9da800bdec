-- hiring_summary: how long people stay, from the hire and leave dates of the staff list.
--   hiring_tenure_years:  median years since hiring of the people active on $as_of;
--   hiring_leavers_year:  people who left in the 365 days before $as_of;
--   hiring_turnover_year: those leavers / the people active when that year began (null when nobody
--                         with a hire date was active then).
-- returns: hiring_tenure_years, hiring_leavers_year, hiring_turnover_year
-- needs: managers
-- shape: row
with staff as (
    select manager, hired_at::TIMESTAMP as hired_at, left_at::TIMESTAMP as left_at
    from managers
),
year_start as (
    select $as_of::TIMESTAMP - interval 365 day as since
),
dated as (   -- without any hire date the list cannot tell who was there when
    select count(hired_at) > 0 as ok from staff
)
select
    (select median(epoch($as_of::TIMESTAMP - hired_at) / 86400.0 / 365.25)
     from staff
     where hired_at < $as_of::TIMESTAMP and (left_at is null or left_at >= $as_of::TIMESTAMP))  as hiring_tenure_years,
    case when (select ok from dated) or (select count(left_at) from staff) > 0 then
        (select count(*) from staff
         where left_at >= (select since from year_start) and left_at < $as_of::TIMESTAMP)
    end                                                                                     as hiring_leavers_year,
    case when (select ok from dated) then
        (select count(*) from staff
         where left_at >= (select since from year_start) and left_at < $as_of::TIMESTAMP)
        / nullif((select count(*) from staff
                  where hired_at <= (select since from year_start)
                    and (left_at is null or left_at >= (select since from year_start))), 0)
    end                                                                                     as hiring_turnover_year
