import { describe, expect, it } from 'vitest'
import { companyNameKey, domainKey, emailKey, foldText, personNameKey, phoneKey } from '../../shared/duplicate-keys'

describe('duplicate keys', () => {
  it('folds German spellings and other diacritics alike', () => {
    expect(foldText('Müller')).toBe(foldText('Mueller'))
    expect(foldText('MÜLLER')).toBe('mueller')
    expect(foldText('Weiß')).toBe(foldText('Weiss'))
    expect(foldText('STRAẞE')).toBe('strasse')
    expect(foldText('Böhm')).toBe('boehm')
    expect(foldText('Ängström')).toBe('aengstroem')
    expect(foldText('José Núñez')).toBe('jose nunez')
    expect(foldText('François-Xavier')).toBe('francois xavier')
    // Decomposed input (u + combining diaeresis) is the same as the composed letter.
    expect(foldText('Mu\u0308ller')).toBe('mueller')
    expect(foldText('  Ｍüller  ')).toBe('mueller')
  })

  it('matches a person\'s name in either order, with both parts required', () => {
    expect(personNameKey('Jürgen', 'Müller')).toBe(personNameKey('Juergen', 'Mueller'))
    expect(personNameKey('Müller', 'Jürgen')).toBe(personNameKey('Jürgen', 'Müller'))
    expect(personNameKey('Hans-Peter', 'Groß')).toBe(personNameKey('Hans Peter', 'Gross'))
    expect(personNameKey('Ada', 'Lovelace')).not.toBe(personNameKey('Ada', 'Lovelac'))
    expect(personNameKey('Load1', 'N1')).not.toBe(personNameKey('Load1', 'N12'))
    expect(personNameKey('Load1', 'N2')).not.toBe(personNameKey('Load12', 'N'))
    expect(personNameKey('Ada', '')).toBeNull()
    expect(personNameKey('', 'Lovelace')).toBeNull()
    expect(personNameKey('—', 'Lovelace')).toBeNull()
  })

  it('compares emails trimmed, in lower case and NFKC', () => {
    expect(emailKey('  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com')
    expect(emailKey('ａｄａ@example.com')).toBe('ada@example.com')
    expect(emailKey('')).toBeNull()
    expect(emailKey(null)).toBeNull()
  })

  it('writes phone numbers in E.164, German unless the record says otherwise', () => {
    const mobile = '+491712345678'
    for (const written of ['0171 2345678', '+49 171 2345678', '(0171) 234-5678', '0049 171 2345678', '+49 (0)171 2345678', '01712345678']) {
      expect(phoneKey(written), written).toBe(mobile)
    }
    expect(phoneKey('030 1234567')).toBe('+49301234567')
    expect(phoneKey('01 234 5678', 'AT')).toBe('+4312345678')
    expect(phoneKey('+43 1 234 5678', 'DE')).toBe('+4312345678')
    expect(phoneKey('(0171) 234-5678', 'FR')).not.toBe(mobile)
    expect(phoneKey('12')).toBeNull()
    expect(phoneKey('not a number')).toBeNull()
    expect(phoneKey('  ')).toBeNull()
  })

  it('ignores legal forms and punctuation in company names', () => {
    const mueller = companyNameKey('Müller')
    for (const name of ['Müller GmbH', 'Mueller GmbH & Co. KG', 'MÜLLER AG', 'Müller e.K.', 'Müller e. V.', 'Müller UG (haftungsbeschränkt)', 'Müller OHG', 'Müller GbR', 'Müller SE', 'Müller Ltd.', 'Müller, Inc.', 'Müller LLC', 'Müller und Co. KG']) {
      expect(companyNameKey(name), name).toBe(mueller)
    }
    expect(companyNameKey('Deutsche Bank AG')).toBe(companyNameKey('deutsche bank'))
    expect(companyNameKey('Pulse-Demo GmbH')).toBe(companyNameKey('Pulse Demo'))
    expect(companyNameKey('Müller Bau GmbH')).not.toBe(mueller)
    // A legal form in the middle is part of the name; a name that is only one keeps it.
    expect(companyNameKey('AG Verlag GmbH')).toBe('agverlag')
    expect(companyNameKey('GmbH')).toBe('gmbh')
    expect(companyNameKey('  ')).toBeNull()
  })

  it('reads a website\'s domain without scheme, www and path', () => {
    for (const site of ['example.de', 'https://www.example.de', 'http://Example.DE/kontakt?x=1', 'www.example.de/', 'HTTPS://WWW.EXAMPLE.DE:443/a/b#c']) {
      expect(domainKey(site), site).toBe('example.de')
    }
    expect(domainKey('https://shop.example.de')).toBe('shop.example.de')
    expect(domainKey('https://müller.de')).toBe(domainKey('xn--mller-kva.de'))
    expect(domainKey('localhost')).toBeNull()
    expect(domainKey('not a url')).toBeNull()
    expect(domainKey(null)).toBeNull()
  })
})
