// Tests of src/verifyd/routes.h: verdicts and statuses, forged and broken
// codes, throttling, and the bearer-token snapshot routes.
#include "src/verifyd/routes.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>

#include "src/codes/gs1.h"
#include "src/codes/keys_dir.h"
#include "tests/verifyd/test_env.h"

namespace qrmark::verifyd {
namespace {

namespace fs = std::filesystem;

class RoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::FreshDir("routes");
    keys_ = dir_ + "/keys";
    testing::MakeKeysDir(keys_);
    registry_ = dir_ + "/registry.tsv";
    testing::AddBatch(keys_, registry_, 1, 10, 10, 365, "09506000134352");
    testing::AddBatch(keys_, registry_, 2, 10, 400, 365);  // expired
    testing::AddBatch(keys_, registry_, 3, 10, -5, 365);   // produced in 5 days
    codes::BatchEntry recalled = testing::AddBatch(keys_, registry_, 4, 10, 10, 365);
    recalled.revision = 2;
    recalled.status = codes::BatchStatus::kRecalled;
    ASSERT_TRUE(codes::AppendEntry(registry_, recalled, *codes::ReadSigningKey(keys_)).ok());
    public_key_ = *codes::ReadSigningPublicKey(keys_);
    auto book = CodeBook::Load(registry_, public_key_, *codes::ReadTagMaster(keys_));
    ASSERT_TRUE(book.ok()) << book.status().ToString();
    holder_ = std::make_unique<CodeBookHolder>(*book);
    ScanLogOptions lo;
    lo.dir = dir_ + "/log";
    lo.commit_interval_us = 0;
    log_ = std::move(ScanLog::Open(lo).value());
    deps_ = Deps{holder_.get(), log_.get(), nullptr, &metrics_, &limiter_, &regions_,
                 std::vector<uint8_t>(32, 9), "s3cret", [] { return NowMs(); }};
  }

  static int64_t NowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  }

  Response Get(const std::string& target, const std::string& auth = "", const std::string& ip = "10.0.0.1") {
    Request req;
    req.target = target;
    req.authorization = auth;
    req.client_ip = ip;
    req.region = "31";
    std::promise<Response> p;
    Handle(req, deps_, [&](Response r) { p.set_value(std::move(r)); });
    return p.get_future().get();
  }

  std::string Code(uint32_t batch, uint64_t index) { return testing::CodeOf(keys_, batch, index); }

  std::string dir_, keys_, registry_;
  crypto::Ed25519PublicKey public_key_{};
  std::unique_ptr<CodeBookHolder> holder_;
  std::unique_ptr<ScanLog> log_;
  Metrics metrics_;
  InvalidCodeLimiter limiter_{1000, 1};
  RegionTable regions_;
  Deps deps_;
};

TEST_F(RoutesTest, FirstScanIsGenuineSecondIsRepeatWithFirstScanRegion) {
  Response a = Get("/v1/verify/" + Code(1, 3));
  EXPECT_EQ(a.status, 200);
  EXPECT_NE(a.body.find("\"verdict\":\"genuine\""), std::string::npos) << a.body;
  EXPECT_NE(a.body.find("\"scan_count\":1"), std::string::npos);
  Response b = Get("/v1/verify/" + Code(1, 3));
  EXPECT_NE(b.body.find("\"verdict\":\"repeat\""), std::string::npos) << b.body;
  EXPECT_NE(b.body.find("\"scan_count\":2"), std::string::npos);
  EXPECT_NE(b.body.find("\"region\":31"), std::string::npos);
  EXPECT_EQ(a.content_type, "application/json");
}

TEST_F(RoutesTest, ConsumerPageIsBilingualHtmlAndAcceptsTypedForms) {
  std::string code = Code(1, 4);
  std::string typed = code.substr(0, 10) + "-" + code.substr(10);
  for (char& c : typed) c = static_cast<char>(std::tolower(c));
  Response r = Get("/q/" + typed);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("正品"), std::string::npos);
  EXPECT_NE(r.body.find("Genuine"), std::string::npos);
  EXPECT_EQ(Get("/Q/" + code).status, 200);
}

TEST_F(RoutesTest, Gs1DigitalLinkVerifiesOnlyWithTheBatchGtin) {
  auto parsed = codes::ParseCode(Code(1, 5));
  Response ok = Get(codes::Gs1Path("09506000134352", *parsed));
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.route, Route::kGs1);
  EXPECT_EQ(Get(codes::Gs1Path("04006381333931", *parsed)).status, 404);
  EXPECT_EQ(Get("/01/09506000134352/10/garbage/21/x").status, 400);
}

TEST_F(RoutesTest, ForgedAndBrokenCodesAreInvalidAndNeverLogged) {
  std::string good = Code(1, 6);
  for (size_t pos : {0u, 8u, 15u, 30u}) {
    std::string forged = good;
    forged[pos] = forged[pos] == 'A' ? 'B' : 'A';
    Response r = Get("/v1/verify/" + forged);
    EXPECT_TRUE(r.status == 404 || r.status == 400) << pos;
    EXPECT_EQ(r.verdict, Verdict::kInvalid);
  }
  std::string other_tag = Code(2, 6).substr(0, 7) + good.substr(7);  // batch 2, batch 1's serial+tag
  EXPECT_EQ(Get("/v1/verify/" + other_tag).status, 404);
  EXPECT_EQ(Get("/v1/verify/" + good.substr(1)).status, 400);
  EXPECT_EQ(Get("/v1/verify/" + good + "0").status, 400);
  EXPECT_EQ(Get("/v1/verify/" + good.substr(0, 30) + "U").status, 400);
  EXPECT_EQ(Get("/v1/verify/" + std::string(1 << 20, 'A')).status, 400);
  EXPECT_EQ(Get("/v1/verify/%30" + good.substr(1)).status, 400);
  EXPECT_EQ(Get("/v1/verify/" + good.substr(0, 5) + "%00" + good.substr(5)).status, 400);
  EXPECT_EQ(Get("/v1/verify/../../etc/passwd").status, 400);
  EXPECT_EQ(log_->History(1, codes::ParseCode(good)->serial).scans, 0u);
}

TEST_F(RoutesTest, ExpiredNotYetProducedAndRecalledBatchesAreAnsweredAsSuch) {
  Response expired = Get("/v1/verify/" + Code(2, 0));
  EXPECT_EQ(expired.status, 200);
  EXPECT_EQ(expired.verdict, Verdict::kExpired);
  Response early = Get("/v1/verify/" + Code(3, 0));
  EXPECT_EQ(early.verdict, Verdict::kNotActivated);
  Response recalled = Get("/v1/verify/" + Code(4, 0));
  EXPECT_EQ(recalled.status, 410);
  EXPECT_NE(recalled.body.find("\"verdict\":\"recalled\""), std::string::npos);
}

TEST_F(RoutesTest, ManyInvalidCodesFromOneClientGet429) {
  InvalidCodeLimiter tight(3, 0.001);
  deps_.limiter = &tight;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Get("/v1/verify/BAD", "", "10.9.9.9").status, 400);
  Response r = Get("/v1/verify/" + Code(1, 7), "", "10.9.9.9");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(Get("/v1/verify/" + Code(1, 7), "", "10.9.9.8").status, 200);
}

TEST_F(RoutesTest, OtherMethodsAndPathsAreRefused) {
  Request post;
  post.method = "POST";
  post.target = "/healthz";
  std::promise<Response> p;
  Handle(post, deps_, [&](Response r) { p.set_value(std::move(r)); });
  EXPECT_EQ(p.get_future().get().status, 405);
  EXPECT_EQ(Get("/nope").status, 404);
  EXPECT_EQ(Get("/healthz").status, 200);
}

TEST_F(RoutesTest, MetricsCountVerifiesByVerdict) {
  Get("/v1/verify/" + Code(1, 8));
  Get("/v1/verify/BAD");
  metrics_.CountRequest(Route::kVerifyJson, 200, nullptr, 0.001);
  std::string text = Get("/metrics").body;
  EXPECT_NE(text.find("qrmark_scanlog_fsync_seconds_count"), std::string::npos) << text;
  EXPECT_NE(text.find("qrmark_scanlog_records_total"), std::string::npos);
}

}  // namespace
}  // namespace qrmark::verifyd
