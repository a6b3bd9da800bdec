-- is_head_role(job): whether a staff-list role (job) is a head's rather than a seller's: it says
-- "Руководитель", "начальник", "директор", "РОП", "head", "director" or "lead" (any case; false
-- when the role is null).
create or replace macro is_head_role(job) as
    regexp_matches(lower(coalesce(job, '')),
                   'руковод|начальник|директор|(^|[^а-яё])роп([^а-яё]|$)|head|director|lead')
