-- meeting_place: where each meeting took place, read from its free-text place in Russian or English:
-- 'client' (at the client's: "у клиента", "выезд", "Client office", "on site"), 'office' (at ours:
-- "офис", "Our office", "у нас"), 'remote' (online, video, phone) or null (blank or unclear). The
-- client's words are read first: "офис клиента" is at the client's.
create or replace view meeting_place as
select
    meetings.*,
    case
        when place is null or trim(place) = '' then null
        when regexp_matches(lower(place),
                            'клиент|заказчик|покупател|выезд|на объект'
                            || '|client|customer|on[ -]?site|their|visit|field') then 'client'
        when regexp_matches(lower(place),
                            'онлайн|online|zoom|teams|skype|видео|video|телефон|phone|web|вебинар'
                            || '|remote|удал[её]нн|дистанц') then 'remote'
        when regexp_matches(lower(place), 'офис|office|у нас|наш|\bour\b|переговорн|шоурум|showroom|headquarters|\bhq\b')
            then 'office'
    end as place_kind
from meetings
