// Tests of src/codes/code_format.h: spelling, normalisation, parsing.
#include "src/codes/code_format.h"

#include <gtest/gtest.h>

namespace qrmark::codes {
namespace {

Code Sample() {
  Code c;
  c.batch = 42;
  c.serial = 0xABCDE12345;
  for (size_t i = 0; i < kTagBytes; ++i) c.tag[i] = static_cast<uint8_t>(0xF0 + i);
  return c;
}

TEST(CodeFormat, FormatThenParseRoundTrips) {
  std::string s = FormatCode(Sample());
  EXPECT_EQ(s.size(), kCodeChars);
  Result<Code> back = ParseCode(s);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, Sample());
}

TEST(CodeFormat, CodeUsesOnlyQrAlphanumericCharacters) {
  std::string url = CodeUrl("qr.example.com", Sample());
  EXPECT_EQ(url.rfind("HTTPS://QR.EXAMPLE.COM/Q/", 0), 0u);
  for (char c : url) {
    EXPECT_NE(std::string_view("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:").find(c),
              std::string_view::npos) << c;
  }
}

TEST(CodeFormat, LowerCaseSpacesHyphensAndConfusablesAreNormalised) {
  std::string s = FormatCode(Sample());
  std::string typed;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '0') c = 'o';
    else if (c == '1') c = (i % 2) ? 'I' : 'l';
    else if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    typed.push_back(c);
    if (i % 4 == 3) typed += (i % 8 == 3) ? " " : "-";
  }
  Result<Code> back = ParseCode(typed);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, Sample());
}

TEST(CodeFormat, WrongLengthIsRejected) {
  std::string s = FormatCode(Sample());
  EXPECT_FALSE(ParseCode(s.substr(1)).ok());
  EXPECT_FALSE(ParseCode(s + "0").ok());
  EXPECT_FALSE(ParseCode("").ok());
  EXPECT_FALSE(ParseCode(std::string(1 << 20, 'A')).ok());
}

TEST(CodeFormat, CharacterOutsideAlphabetIsRejectedWithItsPosition) {
  std::string s = FormatCode(Sample());
  s[5] = 'U';
  Result<Code> r = ParseCode(s);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("position 6"), std::string::npos) << r.status().ToString();
  s[5] = '%';
  EXPECT_FALSE(ParseCode(s).ok());
  s[5] = '\0';
  EXPECT_FALSE(ParseCode(s).ok());
}

TEST(CodeFormat, BatchFieldAbove32BitsIsRejected) {
  std::string s = FormatCode(Sample());
  s[0] = 'Z';
  EXPECT_FALSE(ParseCode(s).ok());
}

TEST(CodeFormat, Base32MatchesCrockfordAlphabet) {
  EXPECT_EQ(EncodeBase32(0, 3), "000");
  EXPECT_EQ(EncodeBase32(31, 2), "0Z");
  EXPECT_EQ(EncodeBase32(32, 2), "10");
  EXPECT_EQ(*DecodeBase32("0Z"), 31u);
  EXPECT_FALSE(DecodeBase32("I").ok());
}

}  // namespace
}  // namespace qrmark::codes
