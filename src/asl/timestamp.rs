//! ASL timestamps: RFC 3339 with an uppercase `T` and `Z`, stricter than jiff's parser.

use jiff::Timestamp;

/// Parses an ASL timestamp such as `2016-03-14T01:59:00Z` or `2016-03-14T01:59:00.5+01:00`.
pub fn parse_timestamp(s: &str) -> Option<Timestamp> {
    if !has_asl_shape(s.as_bytes()) {
        return None;
    }
    s.parse::<Timestamp>().ok()
}

/// Checks the exact character layout before jiff, which also accepts `t`, `z`, spaces and
/// other forms that Step Functions rejects.
fn has_asl_shape(b: &[u8]) -> bool {
    let digits = |range: std::ops::Range<usize>| {
        b.get(range)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    if !(digits(0..4)
        && at(4, b'-')
        && digits(5..7)
        && at(7, b'-')
        && digits(8..10)
        && at(10, b'T'))
        || !(digits(11..13) && at(13, b':') && digits(14..16) && at(16, b':') && digits(17..19))
    {
        return false;
    }
    let mut i = 19;
    if at(i, b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            digits(i + 1..i + 3) && at(i + 3, b':') && digits(i + 4..i + 6) && i + 6 == b.len()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::parse_timestamp;

    #[test]
    fn accepts_and_rejects_like_step_functions() {
        let cases = [
            ("2016-03-14T01:59:00Z", true),
            ("2016-03-14T01:59:00.123Z", true),
            ("2016-03-14T01:59:00+01:00", true),
            ("2016-03-14T01:59:00-05:30", true),
            ("2016-03-14t01:59:00Z", false),
            ("2016-03-14T01:59:00z", false),
            ("2016-03-14 01:59:00Z", false),
            ("2016-03-14T01:59Z", false),
            ("2016-13-14T01:59:00Z", false),
            ("2016-03-14T01:59:00", false),
            ("2016-03-14T01:59:00.Z", false),
            ("", false),
            ("2016-03-14T01:59:00+0100", false),
        ];
        for (input, ok) in cases {
            assert_eq!(parse_timestamp(input).is_some(), ok, "case {input:?}");
        }
    }
}
