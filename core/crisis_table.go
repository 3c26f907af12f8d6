package core

// Sources of the built-in crisis table. Each entry names the page that
// confirmed its number (checked 2 Dec 2026); a crisis line is listed only
// where such a page confirmed it, otherwise the country has its emergency
// number alone. Practices can correct or extend any entry in their
// configuration (crisis: in config.example.yaml), and should check the
// lines of their own country before go-live.
const (
	// A country-by-country reference of general emergency numbers (DIDWW,
	// a telephony carrier's dialling reference).
	srcEmergencyTable = "https://doc.didww.com/voice/emergency-calling/supported-emergency-numbers.html"
	// Android's emergency number database, keyed by ISO country code (AOSP).
	srcAndroidECC = "https://android.googlesource.com/platform/packages/services/Telephony/+/master/ecc/input/eccdata.txt"
)

// builtinCrisis is the built-in crisis table: the emergency number of each
// country, and a national crisis line where a cited source confirms it.
// Keep it sorted by code; TestCrisisTable checks every entry has a number
// and a source.
var builtinCrisis = []CrisisRegion{
	{Code: "AL", Name: "Albania", Emergency: "112", EmergencySource: srcEmergencyTable},
	{Code: "AR", Name: "Argentina", Emergency: "911", EmergencySource: srcEmergencyTable},
	{Code: "AT", Name: "Austria", Emergency: "112", EmergencySource: srcEmergencyTable},
	{Code: "AU", Name: "Australia", Emergency: "000", EmergencySource: srcEmergencyTable, Resources: []CrisisResource{
		// "What happens when I call 13 11 14? ... If you are in immediate danger call 000."
		{Name: "Lifeline", Contact: "13 11 14", How: "call, any time", Source: "https://lifelineh2h.org.au/get-help/telephone-crisis-support/faqs/"},
	}},
	{Code: "BE", Name: "Belgium", Emergency: "112", EmergencySource: srcEmergencyTable},
	{Code: "BG", Name: "Bulgaria", Emergency: "112", EmergencySource: srcEmergencyTable},
	{Code: "CA", Name: "Canada", Emergency: "911", EmergencySource: srcEmergencyTable, Resources: []CrisisResource{
		// 9-8-8: Suicide Crisis Helpline, call or text, 24/7, English and French (988.ca/about).
		{Name: "9-8-8 Suicide Crisis Helpline", Contact: "988", How: "call or text, any time", Source: "https://cmhasaskatoon.ca/9-8-8/"},
	}},
	{Code: "CH", Name: "Switzerland", Emergency: "112", EmergencySource: srcEmergencyTable},
	{Code: "CZ", Name: "Czechia", Emergency: "112", EmergencySource: srcEmergencyTable},
	{Code: "DE", Name: "Germany", Emergency: "112", EmergencySource: srcEmergencyTable, Resources: []CrisisResource{
		// "Die Telefonseelsorge ist unter den Nummern 0800/1110111 und 0800/1110222 rund um die Uhr kostenfrei und anonym erreichbar."
		{Name: "TelefonSeelsorge", Contact: "0800 111 0 111", How: "free, any time; or 0800 111 0 222", Source: "https://www.domradio.de/glossar/telefonseelsorge-0"},
	}},
	{Code: "DK", Name: "Denmark", Emergency: "112", EmergencySource: srcEmergencyTable},
	{Code: "EE", Name: "Estonia", Emergency: "112", EmergencySource: srcEmergencyTable},
	{Code: "ES", Name: "Spain", Emergency: "112", EmergencySource: srcEmergencyTable, Resources: []CrisisResource{
		// Ministerio de Sanidad: "la línea 024 de atención a las conductas suicidas ... gratuito ... 24 horas".
		{Name: "Línea 024 (suicide prevention line)", Contact: "024", How: "free, any time", Source: "https://www.rtve.es/noticias/20220509/sanidad-presenta-telefono-prevencion-suicidio/2347183.shtml"},
	}},
	{Code: "FI", Name: "Finland", Emergency: "112", EmergencySource: srcEmergencyTable},
	{Code: "FR", Name: "France", Emergency: "112", EmergencySource: srcEmergencyTable, Resources: []CrisisResource{
		// service-public.fr: "Le 3114 est un numéro de téléphone gratuit, accessible 24 heures sur 24 et 7 jours sur 7."
		{Name: "3114 (national suicide prevention line)", Contact: "3114", How: "free, any time", Source: "https://www.service-public.fr/particuliers/actualites/A15206"},
	}},
	{Code: "GB", Name: "United Kingdom", Emergency: "999", EmergencySource: srcEmergencyTable, Resources: []CrisisResource{
		// "This number is free to call from both landlines and mobiles ... 116 123."
		{Name: "Samaritans", Contact: "116 123", How: "free, any time", Source: "https://www.samaritans.org/how-we-can-help/contact-samaritan/"},
	}},
	{Code: "GR", Name: "Greece", Emergency: "112", EmergencySource: srcEmergencyTable},
	{Code: "HK", Name: "Hong Kong", Emergency: "999", EmergencySource: srcEmergencyTable},
	{Code: "HR", Name: "Croatia", Emergency: "112", EmergencySource: srcEmergencyTable},
	{Code: "HU", Name: "Hungary", Emergency: "112", EmergencySource: srcEmergencyTable},
	{Code: "IE", Name: "Ireland", Emergency: "112", EmergencySource: srcEmergencyTable, Resources: []CrisisResource{
		// Samaritans Ireland holds 116 123, free to call on the whole island of Ireland.
		{Name: "Samaritans", Contact: "116 123", How: "free, any time", Source: "http://www.newstalk.com/reader/47.301/69999/0/"},
	}},
	{Code: "IN", Name: "India", Emergency: "112", EmergencySource: srcAndroidECC, Resources: []CrisisResource{
		// Ministry of Health: "toll-free numbers 14416 or 1-800-891-4416, with options to choose preferred languages".
		{Name: "Tele-MANAS (national mental health line)", Contact: "14416", How: "free, any time; or 1-800-891-4416", Source: "https://www.livemint.com/news/india/govts-mental-health-helpline-tele-manas-receives-over-2-lakh-calls-since-launch-11690014660473.html"},
	}},
	{Code: "IT", Name: "Italy", Emergency: "112", EmergencySource: srcEmergencyTable},
	{Code: "LT", Name: "Lithuania", Emergency: "112", EmergencySource: srcEmergencyTable},
	{Code: "LU", Name: "Luxembourg", Emergency: "112", EmergencySource: srcEmergencyTable},
	{Code: "MX", Name: "Mexico", Emergency: "911", EmergencySource: srcEmergencyTable},
	{Code: "NL", Name: "Netherlands", Emergency: "112", EmergencySource: srcEmergencyTable, Resources: []CrisisResource{
		// 113.nl: "Bel gratis 113"; 0800-0113 is free as well.
		{Name: "113 Zelfmoordpreventie", Contact: "113", How: "free, any time; or 0800-0113, or chat at 113.nl", Source: "https://www.113.nl/schoolopdracht"},
	}},
	{Code: "NO", Name: "Norway", Emergency: "112", EmergencySource: srcEmergencyTable},
	{Code: "NZ", Name: "New Zealand", Emergency: "111", EmergencySource: srcEmergencyTable},
	{Code: "PL", Name: "Poland", Emergency: "112", EmergencySource: srcEmergencyTable},
	{Code: "PT", Name: "Portugal", Emergency: "112", EmergencySource: srcAndroidECC},
	{Code: "SE", Name: "Sweden", Emergency: "112", EmergencySource: srcEmergencyTable},
	{Code: "TR", Name: "Türkiye", Emergency: "112", EmergencySource: srcEmergencyTable},
	{Code: "US", Name: "United States", Emergency: "911", EmergencySource: srcEmergencyTable, Resources: []CrisisResource{
		// Wyoming Department of Health: "Simply call or text 988 ... 988 is free, confidential, and available 24/7."
		{Name: "988 Suicide & Crisis Lifeline", Contact: "988", How: "call or text, any time", Source: "https://health.wyo.gov/publichealth/prevention/wivpp/suicide-prevention/988-suicide-crisis-lifeline"},
	}},
}
