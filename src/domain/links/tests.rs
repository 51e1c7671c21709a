use super::{has_link, pieces, Piece};
use Piece::{Link, Text};

#[test]
fn addresses_are_cut_out_of_the_text() {
    let cases: &[(&str, &[Piece])] = &[
        ("no link here", &[Text("no link here")]),
        ("https://example.com", &[Link("https://example.com")]),
        (
            "see https://shop.example.com/a?b=1&c=2#d now",
            &[
                Text("see "),
                Link("https://shop.example.com/a?b=1&c=2#d"),
                Text(" now"),
            ],
        ),
        // Chinese text right before and after the address.
        (
            "請看http://example.com/訂單謝謝",
            &[Text("請看"), Link("http://example.com/"), Text("訂單謝謝")],
        ),
        // Full-width punctuation ends it too.
        (
            "網址：https://example.tw，謝謝",
            &[Text("網址："), Link("https://example.tw"), Text("，謝謝")],
        ),
        // Sentence punctuation is not part of the address.
        (
            "Go to https://example.com/faq.",
            &[Text("Go to "), Link("https://example.com/faq"), Text(".")],
        ),
        (
            "(https://example.com/x)",
            &[Text("("), Link("https://example.com/x"), Text(")")],
        ),
        (
            "https://en.wikipedia.org/wiki/Rust_(programming_language), ok",
            &[
                Link("https://en.wikipedia.org/wiki/Rust_(programming_language)"),
                Text(", ok"),
            ],
        ),
        // Any case of the scheme; two addresses on two lines.
        (
            "HTTPS://A.example\nhttp://b.example",
            &[
                Link("HTTPS://A.example"),
                Text("\n"),
                Link("http://b.example"),
            ],
        ),
        // Quotes and angle brackets end an address.
        (
            "<a href=\"https://x.example/\">",
            &[Text("<a href=\""), Link("https://x.example/"), Text("\">")],
        ),
    ];
    for (text, want) in cases {
        assert_eq!(pieces(text), *want, "{text}");
        let joined: String = pieces(text)
            .iter()
            .map(|p| match p {
                Text(s) | Link(s) => *s,
            })
            .collect();
        assert_eq!(&joined, text);
    }
}

#[test]
fn only_http_and_https_with_a_host_are_links() {
    for text in [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.com",
        "example.com",
        "www.example.com",
        "https://",
        "http:// example.com",
        "https://.evil",
        "xhttps://example.com",
        "mailto:a@example.com",
        "",
        "http",
    ] {
        assert!(!has_link(text), "{text}");
    }
    assert!(has_link("x https://example.com"));
}
