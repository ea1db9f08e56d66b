"""Reading PCRE patterns as text: where groups open and close, outside character classes and
escapes. Shared by the peer scripts that rewrite LeakScan's exported rules."""


def structure(pattern, start=0):
    """Yields (index, char, depth) for every unescaped character outside a character class,
    `depth` being the group nesting level before the character."""
    depth, i, in_class = 0, start, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        else:
            yield i, c, depth
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
        i += 1


def group_end(pattern, open_index):
    """Index of the `)` closing the group that opens at `open_index`."""
    for i, c, depth in structure(pattern, open_index):
        if c == ")" and depth == 1:
            return i
    return -1


def top_level_branches(body):
    """`body` split at its top-level `|`."""
    cuts = [i for i, c, depth in structure(body) if c == "|" and depth == 0]
    edges = [-1] + cuts + [len(body)]
    return [body[a + 1:b] for a, b in zip(edges, edges[1:])]
