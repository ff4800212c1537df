"""Multi-story SGML archives (Reuters-21578 and TREC styles), parsed leniently."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.formats import Unreadable, read_file

REUTERS = b"""<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5544" NEWID="1">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TOPICS><D>cocoa</D></TOPICS>
<PLACES><D>el-salvador</D><D>usa</D></PLACES>
<PEOPLE></PEOPLE>
<UNKNOWN> &#5;&#5;&#5;C T
&#22;&#22;&#1;f0704&#31;reute</UNKNOWN>
<TEXT>&#2;
<TITLE>BAHIA COCOA REVIEW</TITLE>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued throughout the week in
the Bahia cocoa zone &lt;CCO.N> said, at 5 &amp; 6 dlrs.&#127;
    Second paragraph.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="30">
<DATE> 2-MAR-1987 15:41:56.00</DATE>
<TEXT TYPE="BRIEF">&#2;
******<TITLE>ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE
720.4 MLN DLRS</TITLE>Blah blah blah.
&#3;

</TEXT>
</REUTERS>
<REUTERS NEWID="31">
<DATE>3-APR-1987 07:09:06.48</DATE>
<TEXT TYPE="UNPROC">&#2;
&#3;
</TEXT>
</REUTERS>
<REUTERS NEWID="32">
<DATE>31-MAR-1987 999:99:99.99&#9;&#9;&#9;RM</DATE>
<TEXT TYPE="UNPROC">&#2;
FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26
    Two weeks ended Feb 25      daily avgs-mlns
 Net free reserves.............644 vs.....1,337
&#3;
</TEXT>
</REUTERS>
<REUTERS NEWID="33">
<DATE>1-APR-1987 10:00:00.00</DATE>
<TEXT><TITLE>UNCLOSED STORY</TITLE><AUTHOR>    by Janie Gabbett, Reuters</AUTHOR>
<BODY>This story has no closing tags.
<REUTERS NEWID="34">
<TEXT><TITLE>AFTER THE BROKEN ONE</TITLE><BODY>Still read.</BODY></TEXT>
</REUTERS>
"""

TREC = b"""<DOC>
<DOCNO> AP880212-0001 </DOCNO>
<HEAD>Reports Say Talks Resume</HEAD>
<BYLINE>By JOHN DOE</BYLINE>
<DATELINE>GENEVA (AP)</DATELINE>
<TEXT>
   Talks resumed on Friday.
</TEXT>
</DOC>
<DOC>
<DOCNO> AP880212-0002 </DOCNO>
<TEXT>
   A story without a headline starts here. It goes on.
</TEXT>
</DOC>
"""


@pytest.fixture(scope="module")
def reuters():
    return read_file(Path("reut2-000.sgm"), REUTERS)


def test_one_article_per_story_keyed_by_newid(reuters) -> None:
    assert [r.key for r in reuters.records] == ["1", "30", "32", "33", "34"]
    assert reuters.problems == ["story 3 (NEWID 31): no title or text"]


def test_normal_story(reuters) -> None:
    story = reuters.records[0]
    assert story.title == "BAHIA COCOA REVIEW"
    assert story.date == "1987-02-26T15:01:01"
    assert story.source == "Reuters"
    assert story.text.startswith("Showers continued throughout the week in\nthe Bahia")
    assert "<CCO.N> said, at 5 & 6 dlrs." in story.text  # entities decoded
    assert story.text.endswith("Reuter")  # control characters (&#3;, &#127;) dropped
    assert "&#" not in story.text and "\x7f" not in story.text
    assert story.extra["topics"] == "cocoa"
    assert story.extra["places"] == "el-salvador, usa"
    assert story.extra["dateline"] == "SALVADOR, Feb 26 -"
    assert story.extra["oldid"] == "5544"
    assert "unknown" not in story.extra and "people" not in story.extra


def test_brief_story_is_its_headline(reuters) -> None:
    brief = reuters.records[1]
    assert brief.title == "ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE 720.4 MLN DLRS"
    assert brief.text == ""  # "Blah blah blah." is the archive's placeholder, not text
    assert brief.date == "1987-03-02T15:41:56"


def test_unprocessed_story_takes_its_first_line_as_title(reuters) -> None:
    story = reuters.records[2]
    assert story.title == "FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26"
    assert "Net free reserves" in story.text
    assert story.date == "1987-03-31"  # impossible time dropped, day kept


def test_unclosed_story_does_not_swallow_the_next(reuters) -> None:
    broken, after = reuters.records[3:]
    assert broken.title == "UNCLOSED STORY"
    assert broken.author == "Janie Gabbett"
    assert "This story has no closing tags." in broken.text
    assert (after.title, after.text) == ("AFTER THE BROKEN ONE", "Still read.")


def test_trec_documents_in_an_xml_file() -> None:
    result = read_file(Path("ap880212.xml"), TREC)
    first, second = result.records
    assert (first.key, first.title, first.author) == (
        "AP880212-0001",
        "Reports Say Talks Resume",
        "JOHN DOE",
    )
    assert first.text == "Talks resumed on Friday."
    assert first.source is None  # not a Reuters story: unknown
    assert second.title is None  # the first sentence is made into a title at indexing
    assert second.text.startswith("A story without a headline")


def test_file_without_stories_is_unreadable() -> None:
    with pytest.raises(Unreadable, match="no <REUTERS> or <DOC> stories"):
        read_file(Path("x.sgm"), b"<lewis><note>nothing</note></lewis>")
