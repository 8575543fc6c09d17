//! The messages people receive. Every value that came from a person (names, addresses) is
//! HTML-escaped in the HTML part and flattened to one line in the subject.

use elp_core::{
    Access, ActivationCode, CreditRequest, Email, LicenseEvent, LicenseLetter, LicenseType,
    OpenInvitation, Release, Role, UserStatus,
};

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

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
<body style=\"font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1b1f24;line-height:1.5;max-width:36rem;margin:auto;padding:1rem\">{body}</body></html>",
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

/// Invites someone to an organisation's portal: who invited them, as what, and where to sign in
/// (or sign up, if they have no identity yet); while it is open, until when, and how to decline.
pub fn invitation(
    to: &Email,
    org_name: &str,
    inviter: &str,
    role: Role,
    open: Option<&OpenInvitation>,
    portal_url: &str,
) -> Mail {
    let role_words = match role {
        Role::Admin => "an administrator",
        Role::Member => "a member",
    };
    let subject = format!("{inviter} invited you to {org_name} on the Enterprise License Portal");
    let (open_text, open_html) = match open {
        Some(open) => {
            let link = decline_link(portal_url, to, open);
            (
                format!(
                    "This invitation is open until {expires} (it lapses on that day). If you do not want to join, decline it: {link}\n\n",
                    expires = open.expires
                ),
                format!(
                    "<p>This invitation is open until {expires} (it lapses on that day). Not for you? <a href=\"{link}\">Decline the invitation</a>.</p>",
                    expires = open.expires,
                    link = escape_html(&link)
                ),
            )
        }
        None => (String::new(), String::new()),
    };
    let text = format!(
        "Hello,\n\n{inviter} invited you to join {org_name} on the Enterprise License Portal as {role_words}.\n\n\
Sign in at {portal_url} with this email address ({to}). If you do not have an account yet, \
choose \"Sign up\" on the sign-in page and use this address.\n\n\
{purpose}\n\n{open_text}If you did not expect this invitation, you can ignore this message.\n",
        purpose = match role {
            Role::Admin => "As an administrator you can see the organisation's credit banks, generate and renew licences, and invite your team.",
            Role::Member => "Once signed in you will find the licences assigned to you, their activation codes and the software downloads.",
        }
    );
    let body = format!(
        "<p>Hello,</p><p><strong>{inviter}</strong> invited you to join <strong>{org}</strong> on the Enterprise License Portal as {role_words}.</p>\
<p><a href=\"{url}\" style=\"display:inline-block;background:#0b57d0;color:#fff;padding:.6rem 1rem;border-radius:.3rem;text-decoration:none\">Sign in to the portal</a></p>\
<p>Use this email address (<code>{to}</code>). No account yet? Choose <em>Sign up</em> on the sign-in page with this address.</p>\
{open_html}<p style=\"color:#555;font-size:.9em\">If you did not expect this invitation, you can ignore this message.</p>",
        inviter = escape_html(inviter),
        org = escape_html(org_name),
        url = escape_html(portal_url),
        to = escape_html(to.as_str()),
    );
    Mail::new(to.clone(), &subject, text, page(&subject, &body))
}

fn os_name(os: elp_core::Os) -> &'static str {
    match os {
        elp_core::Os::Windows => "Windows",
        elp_core::Os::Macos => "macOS",
        elp_core::Os::Linux => "Linux",
    }
}

/// What a term allows, in words ("3 computers", "1 computer", "5 concurrent seats").
fn term_computers(license_type: LicenseType, computers: elp_core::Quantity) -> String {
    let n = computers.get();
    match license_type {
        LicenseType::Floating if n == 1 => "1 concurrent seat".to_string(),
        LicenseType::Floating => format!("{n} concurrent seats"),
        _ if n == 1 => "1 computer".to_string(),
        _ => format!("{n} computers"),
    }
}

/// A new, renewed or reassigned licence: product, activation code(s), the current term (and the
/// next one a renewal added), computers, and the downloads the organisation allows with the
/// licensed version marked.
pub fn license(
    notice: &LicenseLetter,
    product: &str,
    releases: &[&Release],
    portal_url: &str,
) -> Mail {
    let (headline, subject) = match notice.event {
        LicenseEvent::Generated => (
            "A licence was assigned to you",
            format!("Your {product} licence"),
        ),
        LicenseEvent::Renewed => (
            "Your licence was renewed",
            format!("Your {product} licence was renewed"),
        ),
        LicenseEvent::Assigned => (
            "A licence was assigned to you",
            format!("Your {product} licence"),
        ),
    };
    let kind = match notice.license_type {
        LicenseType::NodeLock => "node-lock (one computer per code)".to_string(),
        LicenseType::Multiseat => format!("multiseat, for {} computers", notice.computers),
        LicenseType::Floating => format!("floating, {} concurrent seats", notice.computers),
    };
    // The current term (letters written before terms were told apart: the licence's span).
    let (from, until, computers) = match &notice.current {
        Some(t) => (t.start, t.expiry, t.computers),
        None => (notice.start, notice.expiry, notice.computers),
    };
    let current = format!(
        "from {from} until {until} (it expires on that day), {}",
        term_computers(notice.license_type, computers)
    );
    let next = notice.next.as_ref().map(|t| {
        format!(
            "from {} until {}, {}",
            t.start,
            t.expiry,
            term_computers(notice.license_type, t.computers)
        )
    });
    let version = notice.version.map(|v| v.to_string());
    let codes: Vec<String> = notice.codes.iter().map(ActivationCode::to_string).collect();
    let mut text = format!(
        "Hello,\n\n{headline}.\n\nProduct: {product}{}\nLicence: {kind}\nActivation code(s):\n{}\n\nCurrent term: {current}\n",
        version.as_ref().map(|v| format!(" (version {v})")).unwrap_or_default(),
        codes.iter().map(|c| format!("  {c}")).collect::<Vec<_>>().join("\n"),
    );
    if let Some(next) = &next {
        text.push_str(&format!("Next term: {next}\n"));
    }
    text.push('\n');
    let mut links_html = String::new();
    if releases.is_empty() {
        text.push_str(
            "Your organisation has not made any download available for this product yet.\n",
        );
    } else {
        text.push_str("Downloads:\n");
        for release in releases {
            let licensed = notice.version == Some(release.version);
            let mark = if licensed {
                " (your licence's version)"
            } else {
                ""
            };
            for d in &release.downloads {
                text.push_str(&format!(
                    "  {product} {}{mark} for {}: {}\n",
                    release.version,
                    os_name(d.os),
                    d.url
                ));
                links_html.push_str(&format!(
                    "<li><a href=\"{}\">{} {} for {}</a>{}</li>",
                    escape_html(&d.url),
                    escape_html(product),
                    release.version,
                    os_name(d.os),
                    if licensed {
                        " <strong>(your licence's version)</strong>"
                    } else {
                        ""
                    }
                ));
            }
        }
    }
    text.push_str(&format!(
        "\nYour licences are always listed at {portal_url}.\n"
    ));
    let body = format!(
        "<p>Hello,</p><p>{headline}.</p><table role=\"presentation\">\
<tr><th align=\"left\">Product</th><td>{product}{version}</td></tr>\
<tr><th align=\"left\">Licence</th><td>{kind}</td></tr>\
<tr><th align=\"left\">Activation code(s)</th><td>{codes}</td></tr>\
<tr><th align=\"left\">Current term</th><td>{current}</td></tr>{next}</table>\
{downloads}<p>Your licences are always listed at <a href=\"{url}\">{url}</a>.</p>",
        product = escape_html(product),
        version = version
            .as_ref()
            .map(|v| format!(" (version {v})"))
            .unwrap_or_default(),
        kind = escape_html(&kind),
        codes = codes
            .iter()
            .map(|c| format!("<code>{c}</code>"))
            .collect::<Vec<_>>()
            .join("<br>"),
        current = escape_html(&current),
        next = next
            .as_ref()
            .map(|n| format!(
                "<tr><th align=\"left\">Next term</th><td>{}</td></tr>",
                escape_html(n)
            ))
            .unwrap_or_default(),
        downloads = if links_html.is_empty() {
            "<p>Your organisation has not made any download available for this product yet.</p>"
                .to_string()
        } else {
            format!("<p>Downloads:</p><ul>{links_html}</ul>")
        },
        url = escape_html(portal_url),
    );
    Mail::new(notice.to.clone(), &subject, text, page(&subject, &body))
}

/// The former holder of a returned licence.
pub fn returned(to: &Email, code: &ActivationCode, portal_url: &str) -> Mail {
    let subject = format!("Licence {code} was returned");
    let text = format!(
        "Hello,\n\nAn administrator of your organisation returned the licence {code} that was assigned to you. \
It can be assigned to someone else now, and you can no longer use it.\n\nYour licences are listed at {portal_url}.\n"
    );
    let body = format!(
        "<p>Hello,</p><p>An administrator of your organisation returned the licence <code>{code}</code> that was assigned to you. \
It can be assigned to someone else now, and you can no longer use it.</p><p>Your licences are listed at <a href=\"{url}\">{url}</a>.</p>",
        url = escape_html(portal_url),
    );
    Mail::new(to.clone(), &subject, text, page(&subject, &body))
}

/// The organisation's licences as a CSV attachment, gzip-compressed when larger than
/// `gzip_above` bytes (SES limits a message's size).
pub fn export(
    to: &Email,
    csv: Vec<u8>,
    gzip_above: usize,
    today: elp_core::Date,
    portal_url: &str,
) -> Mail {
    use base64::Engine;
    use std::io::Write;
    let name = format!("licenses-{today}.csv");
    let raw_size = csv.len();
    let (file_name, content_type, bytes) = if csv.len() > gzip_above {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        // Writing to a Vec cannot fail.
        let _ = gz.write_all(&csv);
        (
            format!("{name}.gz"),
            "application/gzip",
            gz.finish().unwrap_or_default(),
        )
    } else {
        (name, "text/csv", csv)
    };
    let subject = format!("Your licence export of {today}");
    let text = format!(
        "Hello,\n\nAttached is the export you asked for: every licence of your organisation, active, pending and expired, as of {today} ({raw_size} bytes of CSV{}).\n\nThe portal: {portal_url}\n",
        if content_type == "application/gzip" { ", compressed with gzip" } else { "" }
    );
    let body = format!(
        "<p>Hello,</p><p>Attached is the export you asked for: every licence of your organisation, active, pending and expired, as of {today}.</p><p>The portal: <a href=\"{url}\">{url}</a></p>",
        url = escape_html(portal_url)
    );
    let mut mail = Mail::new(to.clone(), &subject, text, page(&subject, &body));
    mail.attachments.push(super::Attachment {
        file_name,
        content_type: content_type.to_string(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    });
    mail
}

/// A bank expired with credits left: what was lost.
pub fn bank_expired(
    to: &Email,
    product: &str,
    bank: &elp_core::Bank,
    forfeited: elp_core::Credits,
    portal_url: &str,
) -> Mail {
    let subject = format!("A {product} bank expired: {forfeited} unused credits were lost");
    let text = format!(
        "Hello,\n\nThe {product} (version {}) bank {} of your organisation expired on {}. Its {forfeited} unused credit(s) were forfeited; licences already generated from it keep their dates.\n\nTo keep generating licences, ask your licence provider for a new bank. The portal: {portal_url}\n",
        bank.version, bank.id, bank.expiry
    );
    let body = format!(
        "<p>Hello,</p><p>The <strong>{product}</strong> (version {version}) bank <code>{id}</code> of your organisation expired on {expiry}. Its <strong>{forfeited}</strong> unused credit(s) were forfeited; licences already generated from it keep their dates.</p><p>To keep generating licences, ask your licence provider for a new bank. <a href=\"{url}\">Open the portal</a></p>",
        product = escape_html(product),
        version = bank.version,
        id = bank.id,
        expiry = bank.expiry,
        url = escape_html(portal_url),
    );
    Mail::new(to.clone(), &subject, text, page(&subject, &body))
}

/// A bank with unused credits expires in `days` days.
pub fn bank_expiring(
    to: &Email,
    product: &str,
    bank: &elp_core::Bank,
    days: i64,
    portal_url: &str,
) -> Mail {
    let remaining = bank.remaining();
    let subject = format!("{remaining} {product} credits expire in {days} day(s)");
    let text = format!(
        "Hello,\n\nThe {product} (version {}) bank {} of your organisation expires on {} ({days} day(s) from now) with {remaining} unused credit(s). Unused credits are lost when a bank expires.\n\nTo use them, generate or renew licences from this bank in the portal before that date: {portal_url}\nRemember that a licence drawn from it cannot run past the bank's expiry.\n",
        bank.version, bank.id, bank.expiry
    );
    let body = format!(
        "<p>Hello,</p><p>The <strong>{product}</strong> (version {version}) bank <code>{id}</code> of your organisation expires on <strong>{expiry}</strong> ({days} day(s) from now) with <strong>{remaining}</strong> unused credit(s). Unused credits are lost when a bank expires.</p><p>To use them, generate or renew licences from this bank before that date: <a href=\"{url}\">open the portal</a>. A licence drawn from it cannot run past the bank's expiry.</p>",
        product = escape_html(product),
        version = bank.version,
        id = bank.id,
        expiry = bank.expiry,
        url = escape_html(portal_url),
    );
    Mail::new(to.clone(), &subject, text, page(&subject, &body))
}

/// A new credit request, to the licence provider's inbox: who asks, for what, and where to
/// answer it.
pub fn credits_requested(
    to: &Email,
    org_name: &str,
    product: &str,
    request: &CreditRequest,
    portal_url: &str,
) -> Mail {
    let subject = format!("{org_name} asks for {} {product} credits", request.credits);
    let bank = request.bank.as_ref().map_or_else(
        || "a new bank".to_string(),
        |b| format!("bank {b} (top up)"),
    );
    let start = request
        .start
        .map_or_else(|| "as soon as possible".to_string(), |d| d.to_string());
    let note = if request.note.is_empty() {
        "(none)".to_string()
    } else {
        request.note.clone()
    };
    let text = format!(
        "Hello,\n\n{by} of {org_name} asks for {credits} credits of {product}.\n\n\
Request: {id}\nOrganisation: {org_name} ({org})\nProduct: {product}\nCredits: {credits}\nFor: {bank}\nWished start: {start}\nNote: {note}\n\n\
Grant or decline it from the licence provider's console (the pending credit requests of {portal_url}).\n",
        by = request.requested_by,
        credits = request.credits,
        id = request.id,
        org = request.org,
    );
    let body = format!(
        "<p>Hello,</p><p><strong>{by}</strong> of <strong>{org_name}</strong> asks for <strong>{credits}</strong> credits of {product}.</p>\
<table role=\"presentation\">\
<tr><th align=\"left\">Request</th><td><code>{id}</code></td></tr>\
<tr><th align=\"left\">Organisation</th><td>{org_name} (<code>{org}</code>)</td></tr>\
<tr><th align=\"left\">Product</th><td>{product}</td></tr>\
<tr><th align=\"left\">Credits</th><td>{credits}</td></tr>\
<tr><th align=\"left\">For</th><td>{bank}</td></tr>\
<tr><th align=\"left\">Wished start</th><td>{start}</td></tr>\
<tr><th align=\"left\">Note</th><td style=\"white-space:pre-wrap\">{note}</td></tr></table>\
<p>Grant or decline it from the licence provider's console (the pending credit requests of <a href=\"{url}\">{url}</a>).</p>",
        by = escape_html(request.requested_by.as_str()),
        org_name = escape_html(org_name),
        credits = request.credits,
        product = escape_html(product),
        id = request.id,
        org = request.org,
        bank = escape_html(&bank),
        note = escape_html(&note),
        url = escape_html(portal_url),
    );
    Mail::new(to.clone(), &subject, text, page(&subject, &body))
}

/// The admin who asked: what was granted, to which bank, and the bank's figures now.
pub fn credit_request_granted(
    to: &Email,
    product: &str,
    request: &CreditRequest,
    bank: &elp_core::Bank,
    portal_url: &str,
) -> Mail {
    let granted = request.granted.unwrap_or(request.credits);
    let subject = format!("{granted} {product} credits were granted");
    let asked = if granted == request.credits {
        String::new()
    } else {
        format!(" (you asked for {})", request.credits)
    };
    let text = format!(
        "Hello,\n\nYour licence provider granted {granted} credits of {product}{asked} to the bank {id} (version {version}, from {start} to {expiry}).\n\n\
The bank now holds {granted_total} granted credits, {used} used and {remaining} remaining.\n\nRequest: {request_id}\nThe portal: {portal_url}\n",
        id = bank.id,
        version = bank.version,
        start = bank.start,
        expiry = bank.expiry,
        granted_total = bank.granted,
        used = bank.used,
        remaining = bank.remaining(),
        request_id = request.id,
    );
    let body = format!(
        "<p>Hello,</p><p>Your licence provider granted <strong>{granted}</strong> credits of {product}{asked} to the bank <code>{id}</code> (version {version}, from {start} to {expiry}).</p>\
<table role=\"presentation\">\
<tr><th align=\"left\">Granted</th><td>{granted_total}</td></tr>\
<tr><th align=\"left\">Used</th><td>{used}</td></tr>\
<tr><th align=\"left\">Remaining</th><td>{remaining}</td></tr></table>\
<p>Request <code>{request_id}</code>. <a href=\"{url}\">Open the portal</a></p>",
        product = escape_html(product),
        asked = escape_html(&asked),
        id = bank.id,
        version = bank.version,
        start = bank.start,
        expiry = bank.expiry,
        granted_total = bank.granted,
        used = bank.used,
        remaining = bank.remaining(),
        request_id = request.id,
        url = escape_html(portal_url),
    );
    Mail::new(to.clone(), &subject, text, page(&subject, &body))
}

/// The admin who asked: the request was declined, and why.
pub fn credit_request_declined(
    to: &Email,
    product: &str,
    request: &CreditRequest,
    portal_url: &str,
) -> Mail {
    let subject = format!(
        "Your request for {} {product} credits was declined",
        request.credits
    );
    let reason = request.reason.as_deref().unwrap_or("no reason given");
    let text = format!(
        "Hello,\n\nYour licence provider declined the request {id} for {credits} credits of {product}.\n\nReason: {reason}\n\n\
Nothing was added to your banks. Contact your licence provider if you have questions. The portal: {portal_url}\n",
        id = request.id,
        credits = request.credits,
    );
    let body = format!(
        "<p>Hello,</p><p>Your licence provider declined the request <code>{id}</code> for <strong>{credits}</strong> credits of {product}.</p>\
<p><strong>Reason:</strong> {reason}</p><p>Nothing was added to your banks. Contact your licence provider if you have questions. <a href=\"{url}\">Open the portal</a></p>",
        id = request.id,
        credits = request.credits,
        product = escape_html(product),
        reason = escape_html(reason),
        url = escape_html(portal_url),
    );
    Mail::new(to.clone(), &subject, text, page(&subject, &body))
}

/// A person whose role or status changed: what they are now in the organisation, and what it
/// means for what they can do.
pub fn access_changed(
    to: &Email,
    org_name: &str,
    before: Access,
    after: Access,
    portal_url: &str,
) -> Mail {
    let role_words = |role: Role| match role {
        Role::Admin => "an administrator",
        Role::Member => "a member",
    };
    let mut changes = Vec::new();
    if before.role != after.role {
        changes.push(format!(
            "you are now {} (you were {})",
            role_words(after.role),
            role_words(before.role)
        ));
    }
    if before.status != after.status {
        changes.push(match after.status {
            UserStatus::Inactive => "your account was deactivated".to_string(),
            UserStatus::Active => "your account is active again".to_string(),
            UserStatus::Invited => "your invitation is open again".to_string(),
        });
    }
    let what = changes.join(", and ");
    let meaning = match (after.status, after.role) {
        (UserStatus::Inactive, _) => {
            "You can no longer sign in to the portal; the licences assigned to you stay valid. Ask an administrator of the organisation if you think this is a mistake."
        }
        (_, Role::Admin) => {
            "You can manage the organisation's banks, licences, product versions and users in the portal."
        }
        (_, Role::Member) => "You see your own licences and their downloads in the portal.",
    };
    let subject = format!("Your access to {org_name} changed");
    let text = format!(
        "Hello,

In {org_name}, {what}.

{meaning}

The portal: {portal_url}
"
    );
    let body = format!(
        "<p>Hello,</p><p>In <strong>{org}</strong>, {what}.</p><p>{meaning}</p><p>The portal: <a href=\"{url}\">{url}</a></p>",
        org = escape_html(org_name),
        what = escape_html(&what),
        url = escape_html(portal_url),
    );
    Mail::new(to.clone(), &subject, text, page(&subject, &body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_access_change_says_what_changed_and_escapes_the_name() {
        let to = Email::parse("email", "ben@studio.example").unwrap();
        let before = Access {
            role: Role::Member,
            status: UserStatus::Active,
        };
        let promoted = access_changed(
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
        let off = access_changed(
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
    }

    #[test]
    fn names_are_escaped_and_the_subject_is_one_line() {
        let to = Email::parse("email", "ada@studio.example").unwrap();
        let open = OpenInvitation {
            expires: "2026-04-01".parse().unwrap(),
            decline_token: "tok+en/=".into(),
        };
        let mail = invitation(
            &to,
            "<script>alert(1)</script>\r\nBcc: x@y.z",
            "Bob & \"Co\"",
            Role::Admin,
            Some(&open),
            "https://portal.example",
        );
        assert!(mail.text.contains("open until 2026-04-01"));
        assert!(mail.text.contains(
            "https://portal.example/#/decline?email=ada%40studio%2Eexample&token=tok%2Ben%2F%3D"
        ));
        assert!(!mail.subject.contains('\n') && !mail.subject.contains('\r'));
        assert!(!mail.html.contains("<script>"));
        assert!(mail.html.contains("&lt;script&gt;"));
        assert!(mail.html.contains("Bob &amp; &quot;Co&quot;"));
        assert!(mail.text.contains("https://portal.example"));
        assert!(mail.text.contains("as an administrator"));
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
        assert!(mail.text.contains("Wished start: 2026-04-01"));
        assert!(!mail.html.contains("<b>six"), "{}", mail.html);
        assert!(mail.html.contains("&lt;b&gt;six&lt;/b&gt;"));
        let to = Email::parse("email", "ada@studio.example").unwrap();
        let declined = credit_request_declined(&to, "Harmony Premium", &request, "https://p");
        assert!(declined.text.contains("Reason: PO <missing> & late"));
        assert!(declined.html.contains("PO &lt;missing&gt; &amp; late"));
    }

    #[test]
    fn a_renewal_mail_states_the_current_and_next_terms_and_marks_the_licensed_version() {
        let term = |start: &str, expiry: &str, computers: u32| {
            serde_json::from_value::<elp_core::Term>(serde_json::json!({
                "start": start, "expiry": expiry, "months_requested": 1, "months_charged": 1,
                "computers": computers, "credits": computers, "bank": "b_1"
            }))
            .unwrap()
        };
        let notice = LicenseLetter {
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
        };
        let releases: Vec<Release> = serde_json::from_value(serde_json::json!([
            { "version": "24", "downloads": [{ "os": "windows", "url": "https://d.example/24" }] },
            { "version": "25.1", "downloads": [{ "os": "windows", "url": "https://d.example/25" }] }
        ]))
        .unwrap();
        let releases: Vec<&Release> = releases.iter().collect();
        let mail = license(
            &notice,
            "Harmony Premium",
            &releases,
            "https://portal.example",
        );
        assert!(mail
            .text
            .contains("Product: Harmony Premium (version 25.1)"));
        assert!(mail.text.contains(
            "Current term: from 2026-03-02 until 2026-05-02 (it expires on that day), 3 computers"
        ));
        assert!(mail
            .text
            .contains("Next term: from 2026-05-02 until 2026-06-02, 5 computers"));
        assert!(mail.text.contains(
            "Harmony Premium 25.1 (your licence's version) for Windows: https://d.example/25"
        ));
        assert!(mail
            .text
            .contains("Harmony Premium 24 for Windows: https://d.example/24"));
        assert!(mail.html.contains("Next term"));
        // A letter written before terms were told apart still reads.
        let old = LicenseLetter {
            current: None,
            next: None,
            version: None,
            ..notice
        };
        let mail = license(&old, "Harmony Premium", &releases, "https://portal.example");
        assert!(mail
            .text
            .contains("Current term: from 2026-03-02 until 2026-06-02"));
        assert!(!mail.text.contains("your licence's version"));
    }
}
