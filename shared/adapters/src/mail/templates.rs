//! The messages people receive, in the reader's language: every subject, sentence and label is
//! a message of the mail catalogue (`shared/l10n/locales/<language>/mail.ftl`), dates are
//! written and numbers grouped as that language does. Every value that came from a person
//! (names, addresses, notes) is HTML-escaped in the HTML part and flattened to one line in the
//! subject.

use std::borrow::Cow;

use elp_core::{
    Access, ActivationCode, CreditRequest, Email, LicenseEvent, LicenseLetter, LicenseType,
    OpenInvitation, Release, Role, UserStatus,
};
use elp_l10n::{Args, Lang};

use super::Mail;

/// Escapes the five characters that matter in HTML text and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes what matters in HTML text content (a catalogue's words go only there).
fn escape_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// One argument of a catalogue message.
enum V<'a> {
    /// Text (a person's, or the service's): as it is in the text part, escaped in HTML.
    T(Cow<'a, str>),
    /// A whole number: grouped as the language writes it, and its plural chosen.
    N(i64),
    /// A selector's key (`admin`, `renewed`), never shown.
    S(&'static str),
    /// Its plain text for the text part, its (already escaped) markup for the HTML part.
    H(Cow<'a, str>, String),
}

fn t<'a>(s: impl Into<Cow<'a, str>>) -> V<'a> {
    V::T(s.into())
}

fn n(x: impl Into<i64>) -> V<'static> {
    V::N(x.into())
}

/// A day, as `lang` writes it.
fn d(lang: Lang, day: elp_core::Date) -> V<'static> {
    V::T(elp_l10n::date(lang, day).into())
}

/// A value shown in `<tag>` in HTML ("strong", "code").
fn tag<'a>(tag: &str, s: impl Into<Cow<'a, str>>) -> V<'a> {
    let s = s.into();
    let html = format!("<{tag}>{}</{tag}>", escape_html(&s));
    V::H(s, html)
}

/// A link: its address in the text part, an anchor in HTML.
fn link(url: &str) -> V<'_> {
    let url_html = escape_html(url);
    V::H(url.into(), format!("<a href=\"{url_html}\">{url_html}</a>"))
}

/// Message `id` in `lang`, for the text part (and the subject).
fn say(lang: Lang, id: &str, args: &[(&str, V)]) -> String {
    let mut a = Args::new();
    for (name, v) in args {
        a = match v {
            V::T(s) | V::H(s, _) => a.text(name, s.as_ref()),
            V::N(x) => a.number(name, *x),
            V::S(key) => a.text(name, *key),
        };
    }
    elp_l10n::text(lang, id, &a)
}

/// Message `id` in `lang`, for the HTML part: the catalogue's words escaped, text arguments
/// escaped, markup arguments as they are.
fn say_html(lang: Lang, id: &str, args: &[(&str, V)]) -> String {
    // Text and markup go in as private-use marks, replaced after escaping the whole sentence.
    let mark = |i: usize| format!("\u{E000}{i}\u{E001}");
    let mut a = Args::new();
    let mut slots = Vec::new();
    for (i, (name, v)) in args.iter().enumerate() {
        a = match v {
            V::N(x) => a.number(name, *x),
            V::S(key) => a.text(name, *key),
            V::T(s) => {
                slots.push((mark(i), escape_html(s)));
                a.text(name, mark(i))
            }
            V::H(_, html) => {
                slots.push((mark(i), html.clone()));
                a.text(name, mark(i))
            }
        };
    }
    let mut out = escape_text(&elp_l10n::text(lang, id, &a));
    for (m, value) in slots {
        out = out.replace(&m, &value);
    }
    out
}

/// "Label: value", as `lang` writes it.
fn line(lang: Lang, label: &str, value: &str) -> String {
    say(
        lang,
        "mail-line",
        &[("label", t(label)), ("value", t(value))],
    )
}

/// A row of a mail's table: the label's message and the value's markup.
fn row(lang: Lang, label_id: &str, label_args: &[(&str, V)], value_html: &str) -> String {
    format!(
        "<tr><th align=\"left\">{}</th><td>{value_html}</td></tr>",
        say_html(lang, label_id, label_args)
    )
}

fn hello(lang: Lang) -> String {
    say(lang, "mail-hello", &[])
}

fn page(lang: Lang, title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"{tag}\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
<body style=\"font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1b1f24;line-height:1.5;max-width:36rem;margin:auto;padding:1rem\">{body}</body></html>",
        tag = lang.tag(),
        title = escape_html(title)
    )
}

/// The link with which an invitee declines an invitation (the portal's decline page).
pub fn decline_link(portal_url: &str, to: &Email, open: &OpenInvitation) -> String {
    let encode = |v: &str| {
        percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    format!(
        "{portal_url}/#/decline?email={}&token={}",
        encode(to.as_str()),
        encode(&open.decline_token)
    )
}

fn role_key(role: Role) -> &'static str {
    match role {
        Role::Admin => "admin",
        Role::Member => "member",
    }
}

/// Invites someone to an organisation's portal: who invited them, as what, and where to sign in
/// (or sign up, if they have no identity yet); while it is open, until when, and how to decline.
pub fn invitation(
    lang: Lang,
    to: &Email,
    org_name: &str,
    inviter: &str,
    role: Role,
    open: Option<&OpenInvitation>,
    portal_url: &str,
) -> Mail {
    // The licence provider's staff sign as the provider, in the reader's language.
    let inviter = if inviter == elp_core::letter::PROVIDER {
        say(lang, "mail-provider", &[])
    } else {
        inviter.to_string()
    };
    let role = role_key(role);
    let who = || {
        [
            ("inviter", tag("strong", inviter.as_str())),
            ("org", tag("strong", org_name)),
            ("role", V::S(role)),
        ]
    };
    let subject = say(
        lang,
        "mail-invitation-subject",
        &[("inviter", t(inviter.as_str())), ("org", t(org_name))],
    );
    let (open_text, open_html) = match open {
        Some(open) => {
            let link = decline_link(portal_url, to, open);
            let decline = format!(
                "<a href=\"{}\">{}</a>",
                escape_html(&link),
                say_html(lang, "mail-invitation-decline", &[])
            );
            (
                say(
                    lang,
                    "mail-invitation-open",
                    &[
                        ("expires", d(lang, open.expires)),
                        ("link", t(link.as_str())),
                    ],
                ) + "\n\n",
                format!(
                    "<p>{}</p>",
                    say_html(
                        lang,
                        "mail-invitation-open-html",
                        &[
                            ("expires", d(lang, open.expires)),
                            ("decline", V::H(Cow::Borrowed(""), decline)),
                        ],
                    )
                ),
            )
        }
        None => (String::new(), String::new()),
    };
    let purpose = [("role", V::S(role))];
    let text = format!(
        "{hello}\n\n{intro}\n\n{sign_in}\n\n{purpose}\n\n{open_text}{unexpected}\n",
        hello = hello(lang),
        intro = say(lang, "mail-invitation-intro", &who()),
        sign_in = say(
            lang,
            "mail-invitation-sign-in",
            &[("url", t(portal_url)), ("to", t(to.as_str()))],
        ),
        purpose = say(lang, "mail-invitation-purpose", &purpose),
        unexpected = say(lang, "mail-invitation-unexpected", &[]),
    );
    let body = format!(
        "<p>{hello}</p><p>{intro}</p>\
<p><a href=\"{url}\" style=\"display:inline-block;background:#0b57d0;color:#fff;padding:.6rem 1rem;border-radius:.3rem;text-decoration:none\">{button}</a></p>\
<p>{address}</p><p>{purpose}</p>\
{open_html}<p style=\"color:#555;font-size:.9em\">{unexpected}</p>",
        hello = say_html(lang, "mail-hello", &[]),
        intro = say_html(lang, "mail-invitation-intro", &who()),
        url = escape_html(portal_url),
        button = say_html(lang, "mail-invitation-button", &[]),
        address = say_html(
            lang,
            "mail-invitation-address",
            &[("to", tag("code", to.as_str()))]
        ),
        purpose = say_html(lang, "mail-invitation-purpose", &purpose),
        unexpected = say_html(lang, "mail-invitation-unexpected", &[]),
    );
    Mail::new(to.clone(), &subject, text, page(lang, &subject, &body))
}

fn os_name(os: elp_core::Os) -> &'static str {
    match os {
        elp_core::Os::Windows => "Windows",
        elp_core::Os::Macos => "macOS",
        elp_core::Os::Linux => "Linux",
    }
}

fn type_key(license_type: LicenseType) -> &'static str {
    match license_type {
        LicenseType::NodeLock => "node-lock",
        LicenseType::Multiseat => "multiseat",
        LicenseType::Floating => "floating",
    }
}

/// What a term allows, in words ("3 computers", "1 computer", "5 concurrent seats").
fn term_computers(lang: Lang, license_type: LicenseType, computers: elp_core::Quantity) -> String {
    say(
        lang,
        "mail-license-computers",
        &[
            ("type", V::S(type_key(license_type))),
            ("count", n(computers.get())),
        ],
    )
}

/// A new, renewed or reassigned licence: product, activation code(s), the current term (and the
/// next one a renewal added), computers, and the downloads the organisation allows with the
/// licensed version marked.
pub fn license(
    lang: Lang,
    notice: &LicenseLetter,
    product: &str,
    releases: &[&Release],
    portal_url: &str,
) -> Mail {
    let event = match notice.event {
        LicenseEvent::Generated => "generated",
        LicenseEvent::Renewed => "renewed",
        LicenseEvent::Assigned => "assigned",
    };
    let subject = say(
        lang,
        "mail-license-subject",
        &[("event", V::S(event)), ("product", t(product))],
    );
    let headline = say(lang, "mail-license-headline", &[("event", V::S(event))]);
    let kind = say(
        lang,
        "mail-license-kind",
        &[
            ("type", V::S(type_key(notice.license_type))),
            ("computers", n(notice.computers.get())),
        ],
    );
    // The current term (letters written before terms were told apart: the licence's span).
    let (from, until, computers) = match &notice.current {
        Some(term) => (term.start, term.expiry, term.computers),
        None => (notice.start, notice.expiry, notice.computers),
    };
    let current = say(
        lang,
        "mail-license-current",
        &[
            ("from", d(lang, from)),
            ("until", d(lang, until)),
            (
                "computers",
                t(term_computers(lang, notice.license_type, computers)),
            ),
        ],
    );
    let next = notice.next.as_ref().map(|term| {
        say(
            lang,
            "mail-license-next",
            &[
                ("from", d(lang, term.start)),
                ("until", d(lang, term.expiry)),
                (
                    "computers",
                    t(term_computers(lang, notice.license_type, term.computers)),
                ),
            ],
        )
    });
    let product_line = match notice.version {
        Some(v) => say(
            lang,
            "mail-product-version",
            &[("product", t(product)), ("version", t(v.to_string()))],
        ),
        None => product.to_string(),
    };
    let codes: Vec<String> = notice.codes.iter().map(ActivationCode::to_string).collect();
    let codes_label = [("count", n(codes.len() as i64))];
    let label = |id: &str| say(lang, id, &[]);
    let mut text = format!(
        "{hello}\n\n{headline}\n\n{product}\n{kind}\n{codes_heading}\n{codes}\n\n{current}\n",
        hello = hello(lang),
        product = line(lang, &label("mail-label-product"), &product_line),
        kind = line(lang, &label("mail-license-label-kind"), &kind),
        codes_heading = say(
            lang,
            "mail-heading",
            &[(
                "label",
                t(say(lang, "mail-license-label-codes", &codes_label))
            )]
        ),
        codes = codes
            .iter()
            .map(|c| format!("  {c}"))
            .collect::<Vec<_>>()
            .join("\n"),
        current = line(lang, &label("mail-license-label-current"), &current),
    );
    if let Some(next) = &next {
        text.push_str(&line(lang, &label("mail-license-label-next"), next));
        text.push('\n');
    }
    text.push('\n');
    let mut links_html = String::new();
    if releases.is_empty() {
        text.push_str(&label("mail-license-no-downloads"));
        text.push('\n');
    } else {
        text.push_str(&say(
            lang,
            "mail-heading",
            &[("label", t(label("mail-license-label-downloads")))],
        ));
        text.push('\n');
        for release in releases {
            let licensed = notice.version == Some(release.version);
            for download in &release.downloads {
                let what = |licensed: bool| {
                    [
                        ("licensed", V::S(if licensed { "yes" } else { "no" })),
                        ("product", t(product)),
                        ("version", t(release.version.to_string())),
                        ("os", t(os_name(download.os))),
                    ]
                };
                let name = say(lang, "mail-license-download", &what(licensed));
                text.push_str(&format!("  {}\n", line(lang, &name, &download.url)));
                links_html.push_str(&format!(
                    "<li><a href=\"{}\">{}</a>{}</li>",
                    escape_html(&download.url),
                    say_html(lang, "mail-license-download", &what(false)),
                    if licensed {
                        format!(
                            " <strong>{}</strong>",
                            say_html(lang, "mail-license-licensed", &[])
                        )
                    } else {
                        String::new()
                    }
                ));
            }
        }
    }
    text.push('\n');
    text.push_str(&say(
        lang,
        "mail-licences-listed",
        &[("url", t(portal_url))],
    ));
    text.push('\n');
    let codes_html = codes
        .iter()
        .map(|c| format!("<code>{c}</code>"))
        .collect::<Vec<_>>()
        .join("<br>");
    let mut table = [
        row(lang, "mail-label-product", &[], &escape_html(&product_line)),
        row(lang, "mail-license-label-kind", &[], &escape_html(&kind)),
        row(lang, "mail-license-label-codes", &codes_label, &codes_html),
        row(
            lang,
            "mail-license-label-current",
            &[],
            &escape_html(&current),
        ),
    ]
    .concat();
    if let Some(next) = &next {
        table.push_str(&row(
            lang,
            "mail-license-label-next",
            &[],
            &escape_html(next),
        ));
    }
    let downloads = if links_html.is_empty() {
        format!(
            "<p>{}</p>",
            say_html(lang, "mail-license-no-downloads", &[])
        )
    } else {
        format!(
            "<p>{}</p><ul>{links_html}</ul>",
            say_html(
                lang,
                "mail-heading",
                &[("label", t(label("mail-license-label-downloads")))]
            )
        )
    };
    let body = format!(
        "<p>{hello}</p><p>{headline}</p><table role=\"presentation\">{table}</table>{downloads}<p>{listed}</p>",
        hello = say_html(lang, "mail-hello", &[]),
        headline = escape_text(&headline),
        listed = say_html(lang, "mail-licences-listed", &[("url", link(portal_url))]),
    );
    Mail::new(
        notice.to.clone(),
        &subject,
        text,
        page(lang, &subject, &body),
    )
}

/// The former holder of a returned licence.
pub fn returned(lang: Lang, to: &Email, code: &ActivationCode, portal_url: &str) -> Mail {
    let code = code.to_string();
    let subject = say(lang, "mail-returned-subject", &[("code", t(code.as_str()))]);
    let text = format!(
        "{}\n\n{}\n\n{}\n",
        hello(lang),
        say(lang, "mail-returned-body", &[("code", t(code.as_str()))]),
        say(lang, "mail-licences-listed", &[("url", t(portal_url))]),
    );
    let body = format!(
        "<p>{}</p><p>{}</p><p>{}</p>",
        say_html(lang, "mail-hello", &[]),
        say_html(
            lang,
            "mail-returned-body",
            &[("code", tag("code", code.as_str()))]
        ),
        say_html(lang, "mail-licences-listed", &[("url", link(portal_url))]),
    );
    Mail::new(to.clone(), &subject, text, page(lang, &subject, &body))
}

/// The organisation's licences: the CSV attached (gzip-compressed when larger than the
/// mailer's `gzip_above`), or, too large to attach, a link to it and when the link ends.
pub fn export(
    lang: Lang,
    to: &Email,
    file: ExportFile,
    today: elp_core::Date,
    portal_url: &str,
) -> Mail {
    use base64::Engine;
    let name = format!("licenses-{today}.csv");
    let (gzip, raw_size) = match &file {
        ExportFile::Attached {
            gzip, csv_bytes, ..
        } => (*gzip, *csv_bytes),
        ExportFile::Linked { csv_bytes, .. } => (true, *csv_bytes),
    };
    let subject = say(lang, "mail-export-subject", &[("day", d(lang, today))]);
    let size = say(
        lang,
        "mail-export-size",
        &[
            ("gzip", V::S(if gzip { "yes" } else { "no" })),
            ("bytes", n(i64::try_from(raw_size).unwrap_or(i64::MAX))),
        ],
    );
    let about = || [("day", d(lang, today)), ("size", t(size.as_str()))];
    let (body_text, body_html) = match &file {
        ExportFile::Attached { .. } => (
            say(lang, "mail-export-body", &about()),
            say_html(lang, "mail-export-body", &about()),
        ),
        ExportFile::Linked { url, expires, .. } => {
            let until = say(
                lang,
                "mail-export-until",
                &[
                    ("day", d(lang, expires.date_naive())),
                    ("time", t(expires.format("%H:%M").to_string())),
                ],
            );
            let args = |url| {
                [
                    ("day", d(lang, today)),
                    ("size", t(size.as_str())),
                    ("until", t(until.clone())),
                    ("url", url),
                ]
            };
            (
                say(lang, "mail-export-link-body", &args(link(url))),
                say_html(lang, "mail-export-link-body", &args(link(url))),
            )
        }
    };
    let text = format!(
        "{}\n\n{}\n\n{}\n",
        hello(lang),
        body_text,
        say(lang, "mail-portal", &[("url", t(portal_url))]),
    );
    let body = format!(
        "<p>{}</p><p>{}</p><p>{}</p>",
        say_html(lang, "mail-hello", &[]),
        body_html,
        say_html(lang, "mail-portal", &[("url", link(portal_url))]),
    );
    let mut mail = Mail::new(to.clone(), &subject, text, page(lang, &subject, &body));
    if let ExportFile::Attached { bytes, gzip, .. } = file {
        let (file_name, content_type) = if gzip {
            (format!("{name}.gz"), "application/gzip")
        } else {
            (name, "text/csv")
        };
        mail.attachments.push(super::Attachment {
            file_name,
            content_type: content_type.to_string(),
            content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
        });
    }
    mail
}

/// What an export's mail carries: the file, or a link to it (decision 180).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportFile {
    /// The CSV attached, as it is or gzip-compressed (`bytes` is what is attached).
    Attached {
        bytes: Vec<u8>,
        gzip: bool,
        csv_bytes: usize,
    },
    /// The gzip-compressed CSV uploaded; `url` downloads it until `expires`.
    Linked {
        url: String,
        expires: chrono::DateTime<chrono::Utc>,
        csv_bytes: usize,
    },
}

/// "Open the portal", linked.
fn open_portal(lang: Lang, portal_url: &str) -> String {
    format!(
        "<a href=\"{}\">{}</a>",
        escape_html(portal_url),
        say_html(lang, "mail-open-portal", &[])
    )
}

/// A bank expired with credits left: what was lost.
pub fn bank_expired(
    lang: Lang,
    to: &Email,
    product: &str,
    bank: &elp_core::Bank,
    forfeited: elp_core::Credits,
    portal_url: &str,
) -> Mail {
    let subject = say(
        lang,
        "mail-bank-expired-subject",
        &[("product", t(product)), ("forfeited", n(forfeited.get()))],
    );
    let facts = |html: bool| {
        let wrap = |name: &str, v: String| if html { tag(name, v) } else { t(v) };
        [
            ("product", wrap("strong", product.to_string())),
            ("version", t(bank.version.to_string())),
            ("id", wrap("code", bank.id.to_string())),
            ("expiry", d(lang, bank.expiry)),
            ("forfeited", n(forfeited.get())),
        ]
    };
    let text = format!(
        "{}\n\n{}\n\n{} {}\n",
        hello(lang),
        say(lang, "mail-bank-expired-body", &facts(false)),
        say(lang, "mail-bank-expired-next", &[]),
        say(lang, "mail-portal", &[("url", t(portal_url))]),
    );
    let body = format!(
        "<p>{}</p><p>{}</p><p>{} {}</p>",
        say_html(lang, "mail-hello", &[]),
        say_html(lang, "mail-bank-expired-body", &facts(true)),
        say_html(lang, "mail-bank-expired-next", &[]),
        open_portal(lang, portal_url),
    );
    Mail::new(to.clone(), &subject, text, page(lang, &subject, &body))
}

/// A bank with unused credits expires in `days` days.
pub fn bank_expiring(
    lang: Lang,
    to: &Email,
    product: &str,
    bank: &elp_core::Bank,
    days: i64,
    forecast: Option<&elp_core::Message>,
    portal_url: &str,
) -> Mail {
    let remaining = bank.remaining().get();
    // At the current use: what will be lost, or that everything will be used, or when the
    // credits run out (decision 93).
    let forecast = forecast.map(|m| m.say(lang));
    let subject = say(
        lang,
        "mail-bank-expiring-subject",
        &[
            ("product", t(product)),
            ("remaining", n(remaining)),
            ("days", n(days)),
        ],
    );
    let facts = |html: bool| {
        let wrap = |name: &str, v: String| if html { tag(name, v) } else { t(v) };
        [
            ("product", wrap("strong", product.to_string())),
            ("version", t(bank.version.to_string())),
            ("id", wrap("code", bank.id.to_string())),
            ("expiry", wrap("strong", elp_l10n::date(lang, bank.expiry))),
            ("days", n(days)),
            ("remaining", n(remaining)),
        ]
    };
    let text = format!(
        "{}\n\n{}\n\n{}{}\n{}\n",
        hello(lang),
        say(lang, "mail-bank-expiring-body", &facts(false)),
        forecast
            .as_ref()
            .map(|f| format!("{f}.\n\n"))
            .unwrap_or_default(),
        say(lang, "mail-bank-expiring-use", &[("url", t(portal_url))]),
        say(lang, "mail-bank-expiring-limit", &[]),
    );
    let body = format!(
        "<p>{}</p><p>{}</p>{}<p>{} {}</p>",
        say_html(lang, "mail-hello", &[]),
        say_html(lang, "mail-bank-expiring-body", &facts(true)),
        forecast
            .as_ref()
            .map(|f| format!("<p>{}.</p>", escape_html(f)))
            .unwrap_or_default(),
        say_html(lang, "mail-bank-expiring-use", &[("url", link(portal_url))]),
        say_html(lang, "mail-bank-expiring-limit", &[]),
    );
    Mail::new(to.clone(), &subject, text, page(lang, &subject, &body))
}

/// A new credit request, to the licence provider's inbox: who asks, for what, and where to
/// answer it.
pub fn credits_requested(
    lang: Lang,
    to: &Email,
    org_name: &str,
    product: &str,
    request: &CreditRequest,
    portal_url: &str,
) -> Mail {
    let credits = request.credits.get();
    let subject = say(
        lang,
        "mail-credits-requested-subject",
        &[
            ("org", t(org_name)),
            ("credits", n(credits)),
            ("product", t(product)),
        ],
    );
    let bank = match &request.bank {
        None => say(lang, "mail-credits-requested-new-bank", &[]),
        Some(b) => say(
            lang,
            "mail-credits-requested-top-up",
            &[("bank", t(b.to_string()))],
        ),
    };
    let start = request.start.map_or_else(
        || say(lang, "mail-credits-requested-asap", &[]),
        |day| elp_l10n::date(lang, day),
    );
    let note = if request.note.is_empty() {
        say(lang, "mail-credits-requested-no-note", &[])
    } else {
        request.note.clone()
    };
    let intro = |html: bool| {
        let wrap = |v: String| if html { tag("strong", v) } else { t(v) };
        [
            ("by", wrap(request.requested_by.to_string())),
            ("org", wrap(org_name.to_string())),
            ("credits", n(credits)),
            ("product", t(product)),
        ]
    };
    let label = |id: &str| say(lang, id, &[]);
    let org_line = format!("{org_name} ({})", request.org);
    let number = elp_l10n::number(lang, credits.into());
    let fields = [
        ("mail-label-request", request.id.to_string()),
        ("mail-credits-requested-label-org", org_line),
        ("mail-label-product", product.to_string()),
        ("mail-label-credits", number.clone()),
        ("mail-credits-requested-label-for", bank.clone()),
        ("mail-credits-requested-label-start", start.clone()),
        ("mail-credits-requested-label-note", note.clone()),
    ];
    let text = format!(
        "{}\n\n{}\n\n{}\n\n{}\n",
        hello(lang),
        say(lang, "mail-credits-requested-intro", &intro(false)),
        fields
            .iter()
            .map(|(id, value)| line(lang, &label(id), value))
            .collect::<Vec<_>>()
            .join("\n"),
        say(
            lang,
            "mail-credits-requested-answer",
            &[("url", t(portal_url))]
        ),
    );
    let table = [
        row(
            lang,
            "mail-label-request",
            &[],
            &format!("<code>{}</code>", escape_html(&request.id.to_string())),
        ),
        row(
            lang,
            "mail-credits-requested-label-org",
            &[],
            &format!(
                "{} (<code>{}</code>)",
                escape_html(org_name),
                escape_html(&request.org.to_string())
            ),
        ),
        row(lang, "mail-label-product", &[], &escape_html(product)),
        row(lang, "mail-label-credits", &[], &escape_html(&number)),
        row(
            lang,
            "mail-credits-requested-label-for",
            &[],
            &escape_html(&bank),
        ),
        row(
            lang,
            "mail-credits-requested-label-start",
            &[],
            &escape_html(&start),
        ),
        format!(
            "<tr><th align=\"left\">{}</th><td style=\"white-space:pre-wrap\">{}</td></tr>",
            say_html(lang, "mail-credits-requested-label-note", &[]),
            escape_html(&note)
        ),
    ]
    .concat();
    let body = format!(
        "<p>{}</p><p>{}</p><table role=\"presentation\">{table}</table><p>{}</p>",
        say_html(lang, "mail-hello", &[]),
        say_html(lang, "mail-credits-requested-intro", &intro(true)),
        say_html(
            lang,
            "mail-credits-requested-answer",
            &[("url", link(portal_url))]
        ),
    );
    Mail::new(to.clone(), &subject, text, page(lang, &subject, &body))
}

/// The admin who asked: what was granted, to which bank, and the bank's figures now.
pub fn credit_request_granted(
    lang: Lang,
    to: &Email,
    product: &str,
    request: &CreditRequest,
    bank: &elp_core::Bank,
    portal_url: &str,
) -> Mail {
    let granted = request.granted.unwrap_or(request.credits);
    let subject = say(
        lang,
        "mail-credits-granted-subject",
        &[("granted", n(granted.get())), ("product", t(product))],
    );
    let asked = if granted == request.credits {
        String::new()
    } else {
        say(
            lang,
            "mail-credits-granted-asked",
            &[("asked", n(request.credits.get()))],
        )
    };
    let what = |html: bool| {
        let wrap = |name: &str, v: String| if html { tag(name, v) } else { t(v) };
        [
            ("granted", n(granted.get())),
            ("product", t(product)),
            ("asked", t(asked.as_str())),
            ("id", wrap("code", bank.id.to_string())),
            ("version", t(bank.version.to_string())),
            ("start", d(lang, bank.start)),
            ("expiry", d(lang, bank.expiry)),
        ]
    };
    let figures = [
        ("total", n(bank.granted.get())),
        ("used", n(bank.used.get())),
        ("remaining", n(bank.remaining().get())),
    ];
    let request_id = request.id.to_string();
    let text = format!(
        "{}\n\n{}\n\n{}\n\n{}\n{}\n",
        hello(lang),
        say(lang, "mail-credits-granted-body", &what(false)),
        say(lang, "mail-credits-granted-figures", &figures),
        line(lang, &say(lang, "mail-label-request", &[]), &request_id),
        say(lang, "mail-portal", &[("url", t(portal_url))]),
    );
    let number = |c: elp_core::Credits| escape_html(&elp_l10n::number(lang, c.get().into()));
    let table = [
        row(
            lang,
            "mail-credits-granted-label-granted",
            &[],
            &number(bank.granted),
        ),
        row(
            lang,
            "mail-credits-granted-label-used",
            &[],
            &number(bank.used),
        ),
        row(
            lang,
            "mail-credits-granted-label-remaining",
            &[],
            &number(bank.remaining()),
        ),
    ]
    .concat();
    let body = format!(
        "<p>{}</p><p>{}</p><table role=\"presentation\">{table}</table><p>{} {}</p>",
        say_html(lang, "mail-hello", &[]),
        say_html(lang, "mail-credits-granted-body", &what(true)),
        say_html(
            lang,
            "mail-line",
            &[
                ("label", t(say(lang, "mail-label-request", &[]))),
                ("value", tag("code", request_id.as_str())),
            ]
        ),
        open_portal(lang, portal_url),
    );
    Mail::new(to.clone(), &subject, text, page(lang, &subject, &body))
}

/// The admin who asked: the request was declined, and why.
pub fn credit_request_declined(
    lang: Lang,
    to: &Email,
    product: &str,
    request: &CreditRequest,
    portal_url: &str,
) -> Mail {
    let credits = request.credits.get();
    let subject = say(
        lang,
        "mail-credits-declined-subject",
        &[("credits", n(credits)), ("product", t(product))],
    );
    let reason = request
        .reason
        .clone()
        .unwrap_or_else(|| say(lang, "mail-credits-declined-no-reason", &[]));
    let what = |html: bool| {
        [
            (
                "id",
                if html {
                    tag("code", request.id.to_string())
                } else {
                    t(request.id.to_string())
                },
            ),
            ("credits", n(credits)),
            ("product", t(product)),
        ]
    };
    let reason_label = say(lang, "mail-credits-declined-label-reason", &[]);
    let text = format!(
        "{}\n\n{}\n\n{}\n\n{} {}\n",
        hello(lang),
        say(lang, "mail-credits-declined-body", &what(false)),
        line(lang, &reason_label, &reason),
        say(lang, "mail-credits-declined-next", &[]),
        say(lang, "mail-portal", &[("url", t(portal_url))]),
    );
    let body = format!(
        "<p>{}</p><p>{}</p><p>{}</p><p>{} {}</p>",
        say_html(lang, "mail-hello", &[]),
        say_html(lang, "mail-credits-declined-body", &what(true)),
        say_html(
            lang,
            "mail-line",
            &[
                (
                    "label",
                    V::H(
                        reason_label.as_str().into(),
                        format!("<strong>{}</strong>", escape_text(&reason_label))
                    )
                ),
                ("value", t(reason.as_str())),
            ]
        ),
        say_html(lang, "mail-credits-declined-next", &[]),
        open_portal(lang, portal_url),
    );
    Mail::new(to.clone(), &subject, text, page(lang, &subject, &body))
}

/// A person whose role or status changed: what they are now in the organisation, and what it
/// means for what they can do.
pub fn access_changed(
    lang: Lang,
    to: &Email,
    org_name: &str,
    before: Access,
    after: Access,
    portal_url: &str,
) -> Mail {
    let role = (before.role != after.role).then(|| {
        say(
            lang,
            "mail-access-role",
            &[
                ("after", V::S(role_key(after.role))),
                ("before", V::S(role_key(before.role))),
            ],
        )
    });
    let status = (before.status != after.status).then(|| {
        let key = match after.status {
            UserStatus::Inactive => "inactive",
            UserStatus::Active => "active",
            UserStatus::Invited => "invited",
        };
        say(lang, "mail-access-status", &[("status", V::S(key))])
    });
    let what = match (role, status) {
        (Some(role), Some(status)) => say(
            lang,
            "mail-access-both",
            &[("role", t(role)), ("status", t(status))],
        ),
        (Some(one), None) | (None, Some(one)) => one,
        (None, None) => String::new(),
    };
    let now = match (after.status, after.role) {
        (UserStatus::Inactive, _) => "inactive",
        (_, Role::Admin) => "admin",
        (_, Role::Member) => "member",
    };
    let meaning = say(lang, "mail-access-meaning", &[("now", V::S(now))]);
    let subject = say(lang, "mail-access-subject", &[("org", t(org_name))]);
    let text = format!(
        "{}\n\n{}\n\n{meaning}\n\n{}\n",
        hello(lang),
        say(
            lang,
            "mail-access-body",
            &[("org", t(org_name)), ("what", t(what.as_str()))]
        ),
        say(lang, "mail-portal", &[("url", t(portal_url))]),
    );
    let body = format!(
        "<p>{}</p><p>{}</p><p>{}</p><p>{}</p>",
        say_html(lang, "mail-hello", &[]),
        say_html(
            lang,
            "mail-access-body",
            &[("org", tag("strong", org_name)), ("what", t(what.as_str()))]
        ),
        escape_text(&meaning),
        say_html(lang, "mail-portal", &[("url", link(portal_url))]),
    );
    Mail::new(to.clone(), &subject, text, page(lang, &subject, &body))
}

/// An admin of an organisation whose webhook endpoint was disabled after failing for a day.
pub fn webhook_disabled(
    lang: Lang,
    to: &Email,
    org_name: &str,
    url: &str,
    since: elp_core::Date,
    portal_url: &str,
) -> Mail {
    let subject = say(
        lang,
        "mail-webhook-disabled-subject",
        &[("org", t(org_name))],
    );
    let facts = |html: bool| {
        let wrap = |name: &str, v: String| if html { tag(name, v) } else { t(v) };
        [
            ("url", wrap("code", url.to_string())),
            ("since", d(lang, since)),
        ]
    };
    let text = format!(
        "{}\n\n{}\n\n{} {}\n",
        hello(lang),
        say(lang, "mail-webhook-disabled-body", &facts(false)),
        say(lang, "mail-webhook-disabled-next", &[]),
        say(lang, "mail-portal", &[("url", t(portal_url))]),
    );
    let body = format!(
        "<p>{}</p><p>{}</p><p>{} {}</p>",
        say_html(lang, "mail-hello", &[]),
        say_html(lang, "mail-webhook-disabled-body", &facts(true)),
        say_html(lang, "mail-webhook-disabled-next", &[]),
        open_portal(lang, portal_url),
    );
    Mail::new(to.clone(), &subject, text, page(lang, &subject, &body))
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: Lang = Lang::En;
    const FR: Lang = Lang::Fr;

    fn bank(remaining: u32) -> elp_core::Bank {
        serde_json::from_value(serde_json::json!({
            "id": "b_1", "org": "o_1", "product": "harmony-premium", "version": "25.1",
            "portable": true, "purchased": 100, "requested": 0, "granted": 100,
            "used": 100 - remaining, "start": "2026-01-01", "expiry": "2026-04-20"
        }))
        .unwrap()
    }

    #[test]
    fn an_access_change_says_what_changed_and_escapes_the_name() {
        let to = Email::parse("email", "ben@studio.example").unwrap();
        let before = Access {
            role: Role::Member,
            status: UserStatus::Active,
        };
        let promoted = access_changed(
            EN,
            &to,
            "<Studio>",
            before,
            Access {
                role: Role::Admin,
                ..before
            },
            "https://portal.example",
        );
        assert!(promoted
            .text
            .contains("you are now an administrator (you were a member)"));
        assert!(!promoted.text.contains("deactivated"));
        assert!(promoted.html.contains("&lt;Studio&gt;"));
        assert!(promoted.html.contains("<html lang=\"en\">"));
        let off = access_changed(
            EN,
            &to,
            "Studio",
            before,
            Access {
                status: UserStatus::Inactive,
                ..before
            },
            "https://portal.example",
        );
        assert!(off.text.contains("your account was deactivated"));
        assert!(off.text.contains("stay valid"));
        let fr = access_changed(
            FR,
            &to,
            "Studio",
            before,
            Access {
                role: Role::Admin,
                status: UserStatus::Inactive,
            },
            "https://portal.example",
        );
        assert_eq!(fr.subject, "Votre accès à Studio a changé");
        assert!(fr.text.contains(
            "Dans Studio, vous êtes désormais administrateur (vous étiez utilisateur normal), et votre compte a été désactivé."
        ), "{}", fr.text);
        assert!(fr.html.contains("<html lang=\"fr\">"));
    }

    #[test]
    fn names_are_escaped_and_the_subject_is_one_line() {
        let to = Email::parse("email", "ada@studio.example").unwrap();
        let open = OpenInvitation {
            expires: "2026-04-01".parse().unwrap(),
            decline_token: "tok+en/=".into(),
        };
        for lang in Lang::ALL {
            let mail = invitation(
                lang,
                &to,
                "<script>alert(1)</script>\r\nBcc: x@y.z",
                "Bob & \"Co\"",
                Role::Admin,
                Some(&open),
                "https://portal.example",
            );
            assert!(mail.text.contains(
                "https://portal.example/#/decline?email=ada%40studio%2Eexample&token=tok%2Ben%2F%3D"
            ));
            assert!(!mail.subject.contains('\n') && !mail.subject.contains('\r'));
            assert!(!mail.html.contains("<script>"));
            assert!(mail.html.contains("&lt;script&gt;"));
            assert!(mail.html.contains("Bob &amp; &quot;Co&quot;"));
            assert!(mail.text.contains("https://portal.example"));
            assert!(!mail.text.contains('{') && !mail.html.contains('\u{E000}'));
        }
        let mail = invitation(
            EN,
            &to,
            "Studio",
            "Bob",
            Role::Admin,
            Some(&open),
            "https://portal.example",
        );
        assert_eq!(
            mail.subject,
            "Bob invited you to Studio on the Enterprise License Portal"
        );
        assert!(
            mail.text.contains("open until 1 April 2026"),
            "{}",
            mail.text
        );
        assert!(mail.text.contains("as an administrator"));
        let mail = invitation(
            FR,
            &to,
            "Studio",
            elp_core::letter::PROVIDER,
            Role::Member,
            Some(&open),
            "https://portal.example",
        );
        assert_eq!(
            mail.subject,
            "Votre fournisseur de licences vous invite à rejoindre Studio sur le portail de licences d'entreprise"
        );
        assert!(mail.text.contains("en tant qu'utilisateur normal."));
        assert!(
            mail.text.contains("valable jusqu'au 1er avril 2026"),
            "{}",
            mail.text
        );
        assert!(mail.html.contains("Décliner l'invitation</a>"));
    }

    #[test]
    fn a_credit_request_s_note_and_reason_are_escaped_and_the_vendor_sees_the_request() {
        let request: CreditRequest = serde_json::from_value(serde_json::json!({
            "id": "r_1",
            "org": "o_1",
            "product": "harmony-premium",
            "credits": 40,
            "start": "2026-04-01",
            "note": "<b>six</b> artists\nfor the show",
            "bank": "b_1",
            "requested_by": "ada@studio.example",
            "requested_at": "2026-03-02T09:00:00Z",
            "status": "declined",
            "reason": "PO <missing> & late"
        }))
        .unwrap();
        let vendor = Email::parse("email", "ops@vendor.example").unwrap();
        let mail = credits_requested(
            EN,
            &vendor,
            "Studio\r\nNord",
            "Harmony Premium",
            &request,
            "https://portal.example",
        );
        assert_eq!(
            mail.subject,
            "Studio Nord asks for 40 Harmony Premium credits"
        );
        assert!(mail.text.contains("Request: r_1") && mail.text.contains("bank b_1 (top up)"));
        assert!(mail.text.contains("Wished start: 1 April 2026"));
        assert!(!mail.html.contains("<b>six"), "{}", mail.html);
        assert!(mail.html.contains("&lt;b&gt;six&lt;/b&gt;"));
        let to = Email::parse("email", "ada@studio.example").unwrap();
        let declined = credit_request_declined(EN, &to, "Harmony Premium", &request, "https://p");
        assert!(declined.text.contains("Reason: PO <missing> & late"));
        assert!(declined.html.contains("PO &lt;missing&gt; &amp; late"));
        assert_eq!(
            declined.subject,
            "Your request for 40 Harmony Premium credits was declined"
        );
        let fr = credit_request_declined(FR, &to, "Harmony Premium", &request, "https://p");
        assert_eq!(
            fr.subject,
            "Votre demande de 40 crédits Harmony Premium a été refusée"
        );
        assert!(fr.text.contains("Motif : PO <missing> & late"));
        assert!(fr.html.contains("PO &lt;missing&gt; &amp; late"));
        // One credit, and a grant of less than asked, in both languages.
        let one: CreditRequest = serde_json::from_value(serde_json::json!({
            "id": "r_2", "org": "o_1", "product": "harmony-premium", "credits": 1,
            "note": "", "requested_by": "ada@studio.example",
            "requested_at": "2026-03-02T09:00:00Z", "status": "pending"
        }))
        .unwrap();
        let asked = credits_requested(EN, &vendor, "Studio", "Harmony", &one, "https://p");
        assert_eq!(asked.subject, "Studio asks for 1 Harmony credit");
        assert!(asked.text.contains("Wished start: as soon as possible"));
        assert!(asked.text.contains("For: a new bank"));
        let mut partly = request.clone();
        partly.granted = Some(elp_core::Credits::new(1));
        let b = bank(1);
        let granted = credit_request_granted(EN, &to, "Harmony", &partly, &b, "https://p");
        assert_eq!(granted.subject, "1 Harmony credit was granted");
        assert!(
            granted
                .text
                .contains("granted 1 credit of Harmony (you asked for 40) to the bank b_1"),
            "{}",
            granted.text
        );
        assert!(granted
            .text
            .contains("100 granted credits, 99 used and 1 remaining"));
        let granted = credit_request_granted(FR, &to, "Harmony", &request, &b, "https://p");
        assert_eq!(granted.subject, "40 crédits Harmony ont été accordés");
        assert!(
            granted
                .text
                .contains("du 1er janvier 2026 au 20 avril 2026"),
            "{}",
            granted.text
        );
        assert!(
            granted
                .text
                .contains("100 crédits accordés, dont 99 utilisés, et 1 restant."),
            "{}",
            granted.text
        );
    }

    #[test]
    fn bank_mails_count_credits_and_days_in_each_language() {
        let to = Email::parse("email", "ada@studio.example").unwrap();
        let b = bank(10);
        let warn = bank_expiring(EN, &to, "Harmony Premium", &b, 1, None, "https://p");
        assert_eq!(warn.subject, "10 Harmony Premium credits expire in 1 day");
        assert!(
            warn.text
                .contains("expires on 20 April 2026 (in 1 day) with 10 unused credits."),
            "{}",
            warn.text
        );
        let warn = bank_expiring(EN, &to, "Harmony Premium", &bank(1), 30, None, "https://p");
        assert_eq!(warn.subject, "1 Harmony Premium credit expires in 30 days");
        let forecast = elp_core::Message::new("forecast-lost")
            .number("lost", 37)
            .date("expiry", "2027-02-14".parse().unwrap());
        let warn = bank_expiring(
            EN,
            &to,
            "Harmony Premium",
            &b,
            30,
            Some(&forecast),
            "https://p",
        );
        assert!(
            warn.text
                .contains("At your current use, 37 credits will be lost on 14 February 2027."),
            "{}",
            warn.text
        );
        let warn = bank_expiring(
            FR,
            &to,
            "Harmony Premium",
            &b,
            7,
            Some(&forecast),
            "https://p",
        );
        assert!(
            warn.text
                .contains("À votre rythme actuel, 37 crédits seront perdus le 14 février 2027."),
            "{}",
            warn.text
        );
        assert!(warn
            .html
            .contains("<p>À votre rythme actuel, 37 crédits seront perdus"));
        assert_eq!(
            warn.subject,
            "10 crédits Harmony Premium expirent dans 7 jours"
        );
        assert!(
            warn.text
                .contains("expire le 20 avril 2026 (dans 7 jours) avec 10 crédits non utilisés."),
            "{}",
            warn.text
        );
        assert!(warn.html.contains("<code>b_1</code>"));
        let lost = bank_expired(
            EN,
            &to,
            "Harmony",
            &b,
            elp_core::Credits::new(1),
            "https://p",
        );
        assert_eq!(
            lost.subject,
            "A Harmony bank expired: 1 unused credit was lost"
        );
        let lost = bank_expired(
            FR,
            &to,
            "Harmony",
            &b,
            elp_core::Credits::new(12_500),
            "https://p",
        );
        assert_eq!(
            lost.subject,
            "Une banque Harmony a expiré : 12\u{202f}500 crédits non utilisés sont perdus"
        );
        assert!(lost.text.contains("a expiré le 20 avril 2026"));
        for lang in Lang::ALL {
            for mail in [
                bank_expiring(lang, &to, "H", &b, 2, Some(&forecast), "https://p"),
                bank_expired(lang, &to, "H", &b, elp_core::Credits::new(2), "https://p"),
            ] {
                assert!(
                    !mail.text.contains("(s)") && !mail.text.contains('{'),
                    "{}",
                    mail.text
                );
            }
        }
    }

    #[test]
    fn returned_and_export_mails_in_each_language() {
        let to = Email::parse("email", "ada@studio.example").unwrap();
        let code = ActivationCode::from_entropy([7; 10]);
        let en = returned(EN, &to, &code, "https://p");
        assert_eq!(en.subject, format!("Licence {code} was returned"));
        let fr = returned(FR, &to, &code, "https://p");
        assert_eq!(fr.subject, format!("La licence {code} a été retournée"));
        assert!(fr
            .text
            .contains("Un administrateur de votre organisation a retourné la licence"));
        let day = "2026-03-02".parse().unwrap();
        let plain = ExportFile::Attached {
            bytes: vec![b'a'; 1500],
            gzip: false,
            csv_bytes: 1500,
        };
        let en = export(EN, &to, plain, day, "https://p");
        assert_eq!(en.subject, "Your licence export of 2 March 2026");
        assert!(en.text.contains("(1,500 bytes of CSV)"), "{}", en.text);
        assert_eq!(en.attachments[0].file_name, "licenses-2026-03-02.csv");
        let gzip = ExportFile::Attached {
            bytes: vec![1, 2, 3],
            gzip: true,
            csv_bytes: 1500,
        };
        let fr = export(FR, &to, gzip, day, "https://p");
        assert_eq!(fr.subject, "Votre export des licences du 2 mars 2026");
        assert!(
            fr.text
                .contains("(1\u{202f}500 octets de CSV, compressés avec gzip)"),
            "{}",
            fr.text
        );
        assert_eq!(fr.attachments[0].file_name, "licenses-2026-03-02.csv.gz");
        // Too large to attach: the link and when it stops working, in both languages.
        let expires = "2026-03-02T10:30:00Z".parse().unwrap();
        let linked = |lang| {
            let file = ExportFile::Linked {
                url: "https://s3.example/x?a=1&X-Amz-Signature=s".into(),
                expires,
                csv_bytes: 150_000_000,
            };
            export(lang, &to, file, day, "https://p")
        };
        let en = linked(EN);
        assert!(en.attachments.is_empty());
        assert!(
            en.text.contains("too large to attach")
                && en.text.contains(
                    "works until 2 March 2026 at 10:30 UTC: https://s3.example/x?a=1&X-Amz-Signature=s"
                ),
            "{}",
            en.text
        );
        assert!(en
            .html
            .contains("<a href=\"https://s3.example/x?a=1&amp;X-Amz-Signature=s\">"));
        let fr = linked(FR);
        assert!(
            fr.text
                .contains("valable jusqu'au 2 mars 2026 à 10:30 UTC : https://s3.example/"),
            "{}",
            fr.text
        );
        assert!(fr.text.contains("compressés avec gzip"), "{}", fr.text);
    }

    fn term(start: &str, expiry: &str, computers: u32) -> elp_core::Term {
        serde_json::from_value::<elp_core::Term>(serde_json::json!({
            "start": start, "expiry": expiry, "months_requested": 1, "months_charged": 1,
            "computers": computers, "credits": computers, "bank": "b_1"
        }))
        .unwrap()
    }

    fn renewal() -> LicenseLetter {
        LicenseLetter {
            to: Email::parse("email", "ana@studio.example").unwrap(),
            event: LicenseEvent::Renewed,
            org: elp_core::OrgId::parse("o_1").unwrap(),
            product: elp_core::ProductId::parse("harmony-premium").unwrap(),
            license_type: LicenseType::Multiseat,
            codes: vec![ActivationCode::from_entropy([7; 10])],
            start: "2026-03-02".parse().unwrap(),
            expiry: "2026-06-02".parse().unwrap(),
            computers: elp_core::Quantity::parse("computers", 3).unwrap(),
            current: Some(term("2026-03-02", "2026-05-02", 3)),
            next: Some(term("2026-05-02", "2026-06-02", 5)),
            version: Some(elp_core::Version::parse("version", "25.1").unwrap()),
        }
    }

    fn releases() -> Vec<Release> {
        serde_json::from_value(serde_json::json!([
            { "version": "24", "downloads": [{ "os": "windows", "url": "https://d.example/24" }] },
            { "version": "25.1", "downloads": [{ "os": "windows", "url": "https://d.example/25" }] }
        ]))
        .unwrap()
    }

    #[test]
    fn a_renewal_mail_states_the_current_and_next_terms_and_marks_the_licensed_version() {
        let notice = renewal();
        let releases = releases();
        let releases: Vec<&Release> = releases.iter().collect();
        let mail = license(
            EN,
            &notice,
            "Harmony Premium",
            &releases,
            "https://portal.example",
        );
        assert_eq!(mail.subject, "Your Harmony Premium licence was renewed");
        assert!(mail
            .text
            .contains("Product: Harmony Premium (version 25.1)"));
        assert!(mail.text.contains("Licence: multiseat, for 3 computers"));
        assert!(mail.text.contains("Activation code:\n  "));
        assert!(mail.text.contains(
            "Current term: from 2 March 2026 until 2 May 2026 (it expires on that day), 3 computers"
        ), "{}", mail.text);
        assert!(mail
            .text
            .contains("Next term: from 2 May 2026 until 2 June 2026, 5 computers"));
        assert!(mail.text.contains(
            "Harmony Premium 25.1 (your licence's version) for Windows: https://d.example/25"
        ));
        assert!(mail
            .text
            .contains("Harmony Premium 24 for Windows: https://d.example/24"));
        assert!(mail.html.contains("Next term"));
        assert!(mail
            .html
            .contains("<strong>(your licence's version)</strong>"));
        // A letter written before terms were told apart still reads.
        let old = LicenseLetter {
            current: None,
            next: None,
            version: None,
            ..notice.clone()
        };
        let mail = license(
            EN,
            &old,
            "Harmony Premium",
            &releases,
            "https://portal.example",
        );
        assert!(mail
            .text
            .contains("Current term: from 2 March 2026 until 2 June 2026"));
        assert!(!mail.text.contains("your licence's version"));
    }

    #[test]
    fn a_licence_mail_in_french() {
        let releases = releases();
        let releases: Vec<&Release> = releases.iter().collect();
        let mail = license(FR, &renewal(), "Harmony Premium", &releases, "https://p");
        assert_eq!(
            mail.subject,
            "Votre licence Harmony Premium a été renouvelée"
        );
        assert!(mail
            .text
            .contains("Produit : Harmony Premium (version 25.1)"));
        assert!(mail
            .text
            .contains("Type de licence : multiposte, pour 3 ordinateurs"));
        assert!(mail.text.contains("Code d'activation :\n  "));
        assert!(mail.text.contains(
            "Période en cours : du 2 mars 2026 au 2 mai 2026 (elle expire ce jour-là), 3 ordinateurs"
        ), "{}", mail.text);
        assert!(mail.text.contains(
            "Harmony Premium 25.1 (la version de votre licence) pour Windows : https://d.example/25"
        ));
        assert!(mail.html.contains("<html lang=\"fr\">"));
        let generated = LicenseLetter {
            event: LicenseEvent::Generated,
            license_type: LicenseType::Floating,
            codes: vec![
                ActivationCode::from_entropy([1; 10]),
                ActivationCode::from_entropy([2; 10]),
            ],
            computers: elp_core::Quantity::parse("computers", 1).unwrap(),
            current: Some(term("2026-03-01", "2026-05-02", 1)),
            next: None,
            ..renewal()
        };
        let mail = license(FR, &generated, "Harmony Premium", &[], "https://p");
        assert_eq!(mail.subject, "Votre licence Harmony Premium");
        assert!(mail.text.contains("Une licence vous a été attribuée."));
        assert!(mail.text.contains("licence flottante, 1 poste simultané"));
        assert!(mail.text.contains("Codes d'activation :"));
        assert!(mail.text.contains("du 1er mars 2026 au 2 mai 2026"));
        assert!(mail.text.contains("n'a encore rendu aucun téléchargement"));
        let mail = license(EN, &generated, "Harmony Premium", &[], "https://p");
        assert!(mail.text.contains("Licence: floating, 1 concurrent seat"));
        assert!(mail.text.contains("Activation codes:"));
    }
}
