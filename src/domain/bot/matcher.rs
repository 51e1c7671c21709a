//! Finding which keyword rules a message matches, in time that grows with the message and
//! what it matches, not with the number of rules: every keyword of every rule goes into one
//! Aho–Corasick automaton (contains, starts with), and a map of whole texts (exact).

use super::{fold_keyword, MatchMode};
use std::collections::{HashMap, VecDeque};

/// A keyword of a rule, as the matcher stores it.
#[derive(Clone, Copy, Debug)]
struct Pattern {
    /// The rule's index in the list the matcher was built from.
    rule: usize,
    /// The keyword's length in characters (its start is its end minus this).
    chars: usize,
    mode: MatchMode,
}

/// One state of the automaton: its moves, where it falls back to, and the patterns that end
/// here (its own and, through `out_link`, those of shorter suffixes).
#[derive(Clone, Debug, Default)]
struct Node {
    next: HashMap<char, usize>,
    fail: usize,
    /// Patterns that end exactly at this node.
    out: Vec<usize>,
    /// The nearest node down the fail chain that has patterns of its own.
    out_link: Option<usize>,
}

/// The keywords of a list of rules, ready to match messages.
#[derive(Clone, Debug)]
pub struct Matcher {
    nodes: Vec<Node>,
    patterns: Vec<Pattern>,
    exact: HashMap<String, Vec<usize>>,
}

impl Matcher {
    /// `rules[i]` is the i-th rule's keywords and match mode; keywords are folded
    /// ([`fold_keyword`]) and empty ones left out.
    pub fn new<'a, I, K>(rules: I) -> Matcher
    where
        I: IntoIterator<Item = (K, MatchMode)>,
        K: IntoIterator<Item = &'a str>,
    {
        let mut m = Matcher {
            nodes: vec![Node::default()],
            patterns: Vec::new(),
            exact: HashMap::new(),
        };
        for (rule, (keywords, mode)) in rules.into_iter().enumerate() {
            for k in keywords {
                let k = fold_keyword(k);
                if k.is_empty() {
                    continue;
                }
                if mode == MatchMode::Exact {
                    let rules = m.exact.entry(k).or_default();
                    if rules.last() != Some(&rule) {
                        rules.push(rule);
                    }
                    continue;
                }
                let mut at = 0;
                let mut chars = 0;
                for c in k.chars() {
                    chars += 1;
                    at = match m.nodes[at].next.get(&c) {
                        Some(&n) => n,
                        None => {
                            m.nodes.push(Node::default());
                            let n = m.nodes.len() - 1;
                            m.nodes[at].next.insert(c, n);
                            n
                        }
                    };
                }
                m.patterns.push(Pattern { rule, chars, mode });
                let p = m.patterns.len() - 1;
                m.nodes[at].out.push(p);
            }
        }
        m.link();
        m
    }

    /// Fail and output links, breadth first.
    fn link(&mut self) {
        let mut queue: VecDeque<usize> = self.nodes[0].next.values().copied().collect();
        while let Some(n) = queue.pop_front() {
            let moves: Vec<(char, usize)> =
                self.nodes[n].next.iter().map(|(c, t)| (*c, *t)).collect();
            for (c, child) in moves {
                let mut f = self.nodes[n].fail;
                let fail = loop {
                    if let Some(&t) = self.nodes[f].next.get(&c) {
                        if t != child {
                            break t;
                        }
                    }
                    if f == 0 {
                        break 0;
                    }
                    f = self.nodes[f].fail;
                };
                self.nodes[child].fail = fail;
                self.nodes[child].out_link = if self.nodes[fail].out.is_empty() {
                    self.nodes[fail].out_link
                } else {
                    Some(fail)
                };
                queue.push_back(child);
            }
        }
    }

    /// The rules `text` matches (indexes into the list the matcher was built from), each once,
    /// in ascending order.
    pub fn matching(&self, text: &str) -> Vec<usize> {
        let folded = fold_keyword(text);
        let mut hits: Vec<usize> = self.exact.get(&folded).cloned().unwrap_or_default();
        let mut at = 0;
        for (i, c) in folded.chars().enumerate() {
            loop {
                if let Some(&t) = self.nodes[at].next.get(&c) {
                    at = t;
                    break;
                }
                if at == 0 {
                    break;
                }
                at = self.nodes[at].fail;
            }
            let mut node = Some(at);
            if self.nodes[at].out.is_empty() {
                node = self.nodes[at].out_link;
            }
            while let Some(n) = node {
                for &p in &self.nodes[n].out {
                    let pat = self.patterns[p];
                    let starts_at_zero = i + 1 == pat.chars;
                    if pat.mode == MatchMode::Contains || starts_at_zero {
                        hits.push(pat.rule);
                    }
                }
                node = self.nodes[n].out_link;
            }
        }
        hits.sort_unstable();
        hits.dedup();
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(rules: &[(&[&str], MatchMode)]) -> Matcher {
        Matcher::new(rules.iter().map(|(k, m)| (k.iter().copied(), *m)))
    }

    #[test]
    fn each_mode_matches_as_it_says() {
        let m = matcher(&[
            (&["營業時間", "幾點開"], MatchMode::Contains),
            (&["hi"], MatchMode::Exact),
            (&["退貨"], MatchMode::StartsWith),
        ]);
        assert_eq!(m.matching("請問營業時間？"), vec![0]);
        assert_eq!(m.matching("你們幾點開門"), vec![0]);
        assert_eq!(m.matching("hi"), vec![1]);
        assert_eq!(m.matching(" HI "), vec![1]);
        assert_eq!(m.matching("hi there"), Vec::<usize>::new());
        assert_eq!(m.matching("退貨要怎麼辦"), vec![2]);
        assert_eq!(m.matching("我想退貨"), Vec::<usize>::new());
        assert_eq!(m.matching("退貨的營業時間"), vec![0, 2]);
    }

    #[test]
    fn case_and_width_are_folded_and_chinese_is_kept_as_written() {
        let m = matcher(&[
            (&["ABC"], MatchMode::Contains),
            (&["发票"], MatchMode::Contains),
        ]);
        assert_eq!(m.matching("ＡＢＣ"), vec![0]);
        assert_eq!(m.matching("xabcx"), vec![0]);
        // Traditional Chinese as written: a simplified keyword is not its traditional form.
        assert_eq!(m.matching("發票"), Vec::<usize>::new());
        assert_eq!(m.matching("发票"), vec![1]);
    }

    #[test]
    fn overlapping_and_nested_keywords_are_all_found() {
        let m = matcher(&[
            (&["she"], MatchMode::Contains),
            (&["he"], MatchMode::Contains),
            (&["hers"], MatchMode::Contains),
            (&["his"], MatchMode::StartsWith),
        ]);
        assert_eq!(m.matching("ushers"), vec![0, 1, 2]);
        assert_eq!(m.matching("his hers"), vec![1, 2, 3]);
        assert_eq!(m.matching("this"), Vec::<usize>::new());
    }

    #[test]
    fn empty_keywords_match_nothing() {
        let m = matcher(&[
            (&["", "  "], MatchMode::Contains),
            (&[""], MatchMode::Exact),
        ]);
        assert!(m.matching("anything").is_empty());
        assert!(m.matching("").is_empty());
    }

    #[test]
    fn agrees_with_a_loop_over_rules() {
        // Keywords made of a small alphabet, so many overlap; texts likewise.
        let words: Vec<String> = (0..300u32)
            .map(|i| {
                let len = 1 + (i * 7 % 4) as usize;
                (0..len)
                    .map(|j| ['a', 'b', '王', 'c'][((i >> j) as usize + j) % 4])
                    .collect()
            })
            .collect();
        let modes = [MatchMode::Contains, MatchMode::StartsWith, MatchMode::Exact];
        let rules: Vec<(Vec<&str>, MatchMode)> = words
            .chunks(3)
            .enumerate()
            .map(|(i, ws)| (ws.iter().map(String::as_str).collect(), modes[i % 3]))
            .collect();
        let m = Matcher::new(rules.iter().map(|(k, mode)| (k.iter().copied(), *mode)));
        for t in 0..500u32 {
            let text: String = (0..(t % 9))
                .map(|j| ['a', 'b', '王', 'c', 'd'][((t * 31 + j * 17) % 5) as usize])
                .collect();
            let want: Vec<usize> = rules
                .iter()
                .enumerate()
                .filter(|(_, (ks, mode))| {
                    ks.iter().any(|k| match mode {
                        MatchMode::Contains => text.contains(k),
                        MatchMode::StartsWith => text.starts_with(k),
                        MatchMode::Exact => text == *k,
                    })
                })
                .map(|(i, _)| i)
                .collect();
            assert_eq!(m.matching(&text), want, "{text}");
        }
    }
}
