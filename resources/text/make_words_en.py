#!/usr/bin/env python3
"""Writes words_en.tsv: the English word list text de-identification (issue 12) uses to tell an
unknown capitalised word inside a sentence (a likely name or place) from an ordinary word written
with a capital. Taken from Debian's wamerican (/usr/share/dict/american-english, SCOWL, Copyright
Kevin Atkinson and others, a permissive licence that allows shipping it): the entries written in
small letters (proper nouns left out), without possessives. Run from this folder; the output is
committed and embedded at build time."""

SOURCE = '/usr/share/dict/american-english'

def main():
    words = set()
    with open(SOURCE, encoding='utf-8') as f:
        for line in f:
            w = line.strip()
            if w and w[0].islower() and "'" not in w and w.isascii():
                words.add(w)
    with open('words_en.tsv', 'w', encoding='utf-8') as f:
        f.write('# English words from Debian wamerican (SCOWL); written by make_words_en.py\n')
        for w in sorted(words):
            f.write(w + '\n')
    print(len(words), 'words')

if __name__ == '__main__':
    main()
