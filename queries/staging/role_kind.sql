-- role_kind(job): which clients a staff-list role (job) names, in Russian or English (any case):
--   'head'     a head's role (is_head_role: "Руководитель", "РОП", "head", ...);
--   'both'     new and existing clients together ("Новые и текущие", "new and existing", "full
--              cycle", "полный цикл", "оба", "both");
--   'new'      winning new clients ("Новые клиенты", "привлечение", "холодные", "hunter", "new
--              business", "acquisition", "business development", "BDR", "SDR");
--   'existing' serving the clients one has ("Текущие клиенты", "действующие", "постоянные",
--              "сопровождение", "ведение", "удержание", "аккаунт", "farmer", "existing", "current",
--              "account manager", "key account", "retention");
--   null       a role that names no kind of client ("Менеджер по продажам") or no role.
create or replace macro role_kind(job) as
    case
        when is_head_role(job) then 'head'
        when regexp_matches(lower(coalesce(job, '')), 'полн[а-яё]* цикл|(^|[^а-яё])оба([^а-яё]|$)|(^|[^a-z])both([^a-z]|$)|full[- ]cycle')
          or (regexp_matches(lower(coalesce(job, '')),
                  'нов[а-яё]*|привлеч|холодн|hunter|(^|[^a-z])new([^a-z]|$)|acquisition|business development|(^|[^a-z])[bs]dr([^a-z]|$)')
              and regexp_matches(lower(coalesce(job, '')),
                  'текущ|действующ|постоянн|существующ|сопровожд|ведени|удержан|аккаунт|farmer|existing|current|account manag|key account|retention'))
            then 'both'
        when regexp_matches(lower(coalesce(job, '')),
                 'нов[а-яё]*|привлеч|холодн|hunter|(^|[^a-z])new([^a-z]|$)|acquisition|business development|(^|[^a-z])[bs]dr([^a-z]|$)')
            then 'new'
        when regexp_matches(lower(coalesce(job, '')),
                 'текущ|действующ|постоянн|существующ|сопровожд|ведени|удержан|аккаунт|farmer|existing|current|account manag|key account|retention')
            then 'existing'
    end
