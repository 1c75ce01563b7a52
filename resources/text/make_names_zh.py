#!/usr/bin/env python3
"""Writes names_zh.tsv: the words of jieba's dictionary (Debian package python3-jieba,
/usr/lib/python3/dist-packages/jieba/dict.txt, Copyright 2012-2017 Sun Junyi, Expat/MIT licence)
of two or three CJK characters tagged as person names (nr, nrfg, nrt). Text de-identification
(issue 12) drops a Chinese name candidate that is a common word of segwords_zh.tsv unless it is one
of these. Run from this folder; the output is committed and embedded at build time."""

SOURCE = '/usr/lib/python3/dist-packages/jieba/dict.txt'

def main():
    names = set()
    with open(SOURCE, encoding='utf-8') as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[2] in ('nr', 'nrfg', 'nrt') and 2 <= len(parts[0]) <= 3 \
                    and all('\u4e00' <= c <= '\u9fff' for c in parts[0]):
                names.add(parts[0])
    with open('names_zh.tsv', 'w', encoding='utf-8') as f:
        f.write('# Person names of jieba dict.txt (python3-jieba, Expat/MIT); written by make_names_zh.py\n')
        for n in sorted(names):
            f.write(n + '\n')
    print(len(names), 'names')

if __name__ == '__main__':
    main()
