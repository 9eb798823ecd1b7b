-- Custom migration: fills the duplicate keys (0034) of the rows that exist. New and changed
-- rows get their keys from the server (shared/duplicate-keys.ts); this is the same
-- normalisation in SQL, as close as SQL gets: Latin letters folded as there (ä → ae, ß → ss,
-- other diacritics dropped), legal forms left out of company names, the website's host, and
-- phone numbers in E.164 where the number is written internationally or (German unless the
-- contact's company is elsewhere) nationally. A row whose key differs here is found once it
-- is next saved.
CREATE FUNCTION pg_temp.dup_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT nullif(lower(btrim(regexp_replace(translate(
    regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(normalize(t, NFKC),
      '[äÄ]', 'ae', 'g'), '[öÖ]', 'oe', 'g'), '[üÜ]', 'ue', 'g'), '[ßẞ]', 'ss', 'g'), '[æÆ]', 'ae', 'g'), '[œŒ]', 'oe', 'g'), '[þÞ]', 'th', 'g'),
    'ÀÁÂÃÅÇÈÉÊËÌÍÎÏÐÑÒÓÔÕØÙÚÛÝàáâãåçèéêëìíîïðñòóôõøùúûýÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłŃńŅņŇňŊŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſƁƂƄƆƇƉƊƋƎƏƐƑƓƔƖƗƘƜƝƟƠơƢƤƦƧƩƬƮƯưƱƲƳƵƷƸƼǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǢǣǤǦǧǨǩǪǫǬǭǮǯǰǴǵǶǷǸǹǺǻǼǽǾǿȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȜȞȟȠȢȤȦȧȨȩȪȫȬȭȮȯȰȱȲȳȺȻȽȾɁɃɄɅɆɈɊɌɎ',
    'aaaaaceeeeiiiidnooooouuuyaaaaaceeeeiiiidnooooouuuyyaaaaaaccccccccddddeeeeeeeeeegggggggghhħiiiiiiiiiijjkkllllllllllnnnnnnŋoooooorrrrrrssssssssttttŧuuuuuuuuuuuuwwyyyzzzzzzsɓƃƅɔƈɖɗƌǝəɛƒɠɣɩɨƙɯɲɵooƣƥʀƨʃƭʈuuʊʋƴƶʒƹƽaaiioouuuuuuuuuuaaaaææǥggkkooooʒʒjggƕƿnnaaææøøaaaaeeeeiiiioooorrrruuuussttȝhhƞȣȥaaeeooooooooyyⱥȼƚⱦɂƀʉʌɇɉɋɍɏ'), '[[:space:][:punct:]]+', ' ', 'g'))), '')
$$;--> statement-breakpoint
CREATE FUNCTION pg_temp.dup_phone(p text, country text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN d ~ '^\+[1-9][0-9]{6,14}$' THEN d
    WHEN d ~ '^00[1-9][0-9]{6,14}$' THEN '+' || substr(d, 3)
    WHEN d ~ '^0[1-9][0-9]{5,13}$' AND coalesce(country, 'DE') = 'DE' THEN '+49' || substr(d, 2)
  END
  FROM (SELECT regexp_replace(replace(p, '(0)', ''), '[^0-9+]', '', 'g') AS d) AS digits
$$;--> statement-breakpoint
CREATE FUNCTION pg_temp.dup_domain(w text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN h LIKE '%.%' THEN h END
  FROM (SELECT regexp_replace(regexp_replace(regexp_replace(regexp_replace(lower(btrim(normalize(w, NFKC))),
    '^[a-z][a-z0-9+.-]*://', ''), '^[^/?#]*@', ''), '[/?#:].*$', ''), '^www[0-9]*\.', '') AS h) AS host
$$;--> statement-breakpoint
UPDATE contacts c SET
  email_key = nullif(lower(btrim(normalize(c.email, NFKC))), ''),
  phone_key = pg_temp.dup_phone(c.phone, (SELECT co.country FROM companies co WHERE co.org_id = c.org_id AND co.id = c.company_id)),
  name_key = CASE WHEN pg_temp.dup_fold(c.first_name) IS NOT NULL AND pg_temp.dup_fold(c.last_name) IS NOT NULL THEN
    least(replace(pg_temp.dup_fold(c.first_name), ' ', ''), replace(pg_temp.dup_fold(c.last_name), ' ', '')) || '|'
    || greatest(replace(pg_temp.dup_fold(c.first_name), ' ', ''), replace(pg_temp.dup_fold(c.last_name), ' ', '')) END;--> statement-breakpoint
UPDATE companies SET
  domain_key = pg_temp.dup_domain(website),
  name_key = replace(coalesce(nullif(btrim(regexp_replace(' ' || pg_temp.dup_fold(name), '(?: (?:mit beschraenkter haftung|haftungsbeschraenkt|incorporated|corporation|limited|gesmbh|ggmbh|e kfm|e kfr|gmbh|kgaa|corp|sarl|mbh|ohg|gbr|e k|e v|e g|ltd|inc|llc|llp|plc|cie|und|sas|srl|spa|ag|kg|ug|ek|ev|eg|se|co|sa|bv|nv|u))+$', '')), ''), pg_temp.dup_fold(name)), ' ', '');
