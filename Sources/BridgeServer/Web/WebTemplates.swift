import Foundation
import Mustache

/// The web UI's mustache templates (swift-mustache), one per page, each rendered into `layout`. Kept in the
/// binary rather than as resource files, so a copied `kpibridge` serves its pages without a resource bundle.
/// `{{value}}` is HTML-escaped; `{{{value}}}` is used only for markup the server drew itself (SVG charts, a
/// rendered page inside the layout).
enum WebTemplates {
    static func library() throws -> MustacheLibrary {
        var library = MustacheLibrary()
        for (name, text) in all { try library.register(text, named: name) }
        return library
    }

    static let all: [(String, String)] = [
        ("layout", layout), ("login", login), ("error", error), ("dashboard", dashboard), ("officer", officer),
        ("tasks", tasks), ("task", task), ("deadLetters", deadLetters), ("replayed", replayed), ("conflicts", conflicts),
        ("conflict", conflict), ("decided", decided), ("sources", sources), ("directory", directory), ("sourceTable", sourceTable), ("filters", filters),
        ("admin", admin), ("audit", audit), ("services", services), ("workload", workload), ("staffing", staffing),
        ("bonus", bonus), ("disputeForm", disputeForm), ("selfAssessments", selfAssessments), ("inbox", inbox),
    ]

    static let layout = """
        <!doctype html>
        <html lang="vi">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · KPIBridge</title>
        <link rel="icon" href="data:,">
        <link rel="stylesheet" href="/static/kpibridge.css">
        </head>
        <body>
        <header>
        <a class="brand" href="/">KPIBridge</a>
        {{#user}}
        <nav>{{#nav}}<a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a>{{/nav}}</nav>
        <form method="post" action="/dang-xuat" class="signout"><input type="hidden" name="_csrf" value="{{csrf}}"><span>{{name}} · {{roleName}}{{#scope}} · {{scope}}{{/scope}}</span> <button type="submit">Đăng xuất</button></form>
        {{/user}}
        </header>
        <main>
        <h1>{{title}}</h1>
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        {{{content}}}
        </main>
        <footer>KPIBridge {{version}} · chấm điểm theo Nghị định 335/2025/NĐ-CP · giờ Việt Nam</footer>
        </body>
        </html>
        """

    static let login = """
        <form method="post" action="/dang-nhap" class="card narrow">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <p>Dán mã truy cập do bộ phận CNTT cấp (lệnh <code>kpibridge token create</code>).</p>
        <label for="token">Mã truy cập</label>
        <input id="token" name="token" type="password" autocomplete="off" required>
        <button type="submit">Đăng nhập</button>
        </form>
        """

    static let error = """
        <p class="problem">{{detail}}</p>
        <p><a href="/">Về trang tổng quan</a></p>
        """

    static let periodForm = """
        <form method="get" class="filters">
        <label for="ky">Kỳ đánh giá</label>
        <select id="ky" name="ky">{{#periods}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/periods}}</select>
        {{#hidden}}<input type="hidden" name="{{name}}" value="{{value}}">{{/hidden}}
        <button type="submit">Xem</button>
        </form>
        """

    static let dashboard = periodForm + """
        <section class="cards">
        <div class="card"><b>{{officers}}</b><span>cán bộ có điểm</span></div>
        <div class="card"><b>{{average}}</b><span>điểm trung bình</span></div>
        <div class="card"><b>{{tasks}}</b><span>nhiệm vụ trong kỳ</span></div>
        <div class="card{{#flagged}} warn{{/flagged}}"><b>{{flaggedCount}}</b><span>đơn vị vượt tỷ lệ xuất sắc</span></div>
        </section>
        <section><h2>Xếp loại theo cơ quan</h2>{{{agencyChart}}}</section>
        <section><h2>Xếp loại theo khối</h2>{{{blockChart}}}</section>
        <section><h2>Điểm trung bình theo tháng, năm {{year}}</h2>{{{trendChart}}}</section>
        <section><h2>Đơn vị</h2>
        <div class="scroll"><table>
        <thead><tr><th>Đơn vị</th><th>Cơ quan</th><th>Cán bộ</th><th>Xuất sắc</th><th>Tốt</th><th>Hoàn thành</th><th>Không hoàn thành</th><th>Tỷ lệ xuất sắc</th></tr></thead>
        <tbody>{{#units}}<tr{{#quota}} class="warn"{{/quota}}><td>{{unit}}</td><td>{{agency}}</td><td>{{officers}}{{#provisional}} ({{provisional}} tạm tính){{/provisional}}</td><td>{{excellent}}</td><td>{{good}}</td><td>{{completed}}</td><td>{{notCompleted}}</td><td>{{#quota}}vượt {{quotaText}}{{/quota}}{{^quota}}đạt{{/quota}}</td></tr>{{/units}}
        {{^units}}<tr><td colspan="8">Chưa có điểm trong kỳ này.</td></tr>{{/units}}</tbody>
        </table></div>
        <p class="muted">Tỷ lệ xuất sắc (không quá {{quota}}% số cán bộ xếp loại tốt) chỉ tính trên điểm đã nhập đủ điểm chung; điểm tạm tính (*) được đếm trong các cột nhưng không tính vào tỷ lệ.</p></section>
        <section><h2>Cán bộ</h2>
        <div class="scroll"><table>
        <thead><tr><th>Cán bộ</th><th>Đơn vị</th><th>Hoàn thành/giao</th><th>Tổng điểm</th><th>Xếp loại</th></tr></thead>
        <tbody>{{#people}}<tr><td><a href="{{href}}">{{name}}</a></td><td>{{unit}}</td><td>{{done}}</td><td class="num">{{total}}{{#provisional}}<abbr title="Tạm tính: chưa nhập điểm chung">*</abbr>{{/provisional}}</td><td>{{level}}{{#provisional}} (tạm tính){{/provisional}}</td></tr>{{/people}}</tbody>
        </table></div>{{#more}}<p class="muted">{{more}}</p>{{/more}}</section>
        <section><h2>Tình trạng đồng bộ</h2>{{> sourceTable}}</section>
        """

    /// The filters of a list: a select per choice list (first option "all"), a text box otherwise.
    static let filters = """
        <form method="get" class="filters">
        {{#filters}}<label for="{{name}}">{{label}}</label>
        {{#text}}<input id="{{name}}" name="{{name}}" value="{{value}}">{{/text}}
        {{^text}}<select id="{{name}}" name="{{name}}"><option value="">Tất cả</option>{{#options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/options}}</select>{{/text}}
        {{/filters}}
        <button type="submit">Lọc</button>
        </form>
        """

    static let sourceTable = """
        <div class="scroll"><table>
        <thead><tr><th>Nguồn</th><th>Ánh xạ đang dùng</th><th>Lần thành công gần nhất</th><th>Độ trễ</th><th>Bản ghi lần cuối</th><th>Cầu dao</th><th>Lỗi gần nhất</th>{{#canSync}}<th></th>{{/canSync}}</tr></thead>
        <tbody>{{#sources}}<tr{{#failing}} class="warn"{{/failing}}><td>{{source}}</td><td>{{mapping}}</td><td>{{lastSuccess}}</td><td>{{lag}}{{#pass}}<br><small>{{pass}}</small>{{/pass}}</td><td>{{records}}</td><td>{{breaker}}</td><td>{{lastError}}</td>
        {{#canSync}}<td><form method="post" action="/nguon/{{source}}/dong-bo"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit">Đồng bộ ngay</button></form></td>{{/canSync}}</tr>{{/sources}}
        {{^sources}}<tr><td colspan="8">Không có nguồn HTTP nào trong cấu hình.</td></tr>{{/sources}}</tbody>
        </table></div>
        """

    static let officer = periodForm + """
        <section class="cards">
        <div class="card"><b>{{total}}</b><span>tổng điểm</span></div>
        <div class="card"><b>{{level}}</b><span>xếp loại</span></div>
        <div class="card"><b>{{done}}</b><span>nhiệm vụ hoàn thành/giao</span></div>
        </section>
        <dl class="facts">
        <dt>Mã cán bộ</dt><dd>{{id}}</dd><dt>Cơ quan</dt><dd>{{agency}}</dd><dt>Đơn vị</dt><dd>{{unit}}</dd><dt>Khối</dt><dd>{{block}}</dd>
        <dt>Số lượng</dt><dd>{{quantity}}</dd><dt>Chất lượng</dt><dd>{{quality}}</dd><dt>Tiến độ</dt><dd>{{timeliness}}</dd>
        <dt>Điểm nhiệm vụ</dt><dd>{{taskPoints}}</dd><dt>Điểm chung</dt><dd>{{generalPoints}}{{#provisional}} (tạm tính){{/provisional}}</dd>
        {{#sanction}}<dt>Kỷ luật</dt><dd>có</dd>{{/sanction}}
        {{#bonus}}<dt>Thưởng năm {{year}}</dt><dd>{{amount}} — {{explanation}}</dd>{{/bonus}}
        {{#hours}}<dt>Vị trí việc làm</dt><dd>{{position}}</dd><dt>Giờ minh chứng</dt><dd>{{evidence}} / {{available}} giờ làm việc ({{utilisation}}){{#unpriced}}, {{unpriced}} sản phẩm chưa có định mức{{/unpriced}}</dd>{{/hours}}
        </dl>
        <section><h2>Từng nhiệm vụ</h2>
        <div class="scroll"><table>
        <thead><tr><th>Nhiệm vụ</th><th>Vai trò</th><th>Hệ số</th><th>Hạn xử lý</th><th>Hoàn thành</th><th>Trễ hạn</th><th>Lỗi, trả lại</th><th>Chất lượng</th><th>Tiến độ</th><th>Nguồn</th></tr></thead>
        <tbody>{{#contributions}}<tr{{#disputed}} class="warn"{{/disputed}}><td><a href="{{href}}">{{title}}</a><br><small>{{key}}</small>{{#disputed}}<br><small>hệ thống chưa thống nhất: {{disputed}}</small>{{/disputed}}</td>
        <td>{{role}}</td><td class="num">{{coefficient}}</td><td>{{due}}</td><td>{{completedAt}}</td><td class="num">{{missed}}</td><td class="num">{{errors}}</td><td class="num">{{quality}}</td><td class="num">{{timeliness}}</td>
        <td>{{#sources}}<span class="tag">{{.}}</span> {{/sources}}{{#disputeHref}}<br><a href="{{disputeHref}}">Khiếu nại</a>{{/disputeHref}}</td></tr>{{/contributions}}
        {{^contributions}}<tr><td colspan="10">Không có nhiệm vụ nào trong kỳ này.</td></tr>{{/contributions}}</tbody>
        </table></div></section>
        {{#self}}<section><h2>Tự đánh giá điểm chung · {{periodName}}</h2>
        <p class="muted">Thời gian tự đánh giá: {{window}}. Điểm tự đánh giá chỉ được tính khi lãnh đạo đơn vị xác nhận.</p>
        {{#kept}}<dl class="facts"><dt>Điểm đề xuất</dt><dd>{{proposed}}</dd><dt>Nhận xét</dt><dd>{{comment}}</dd><dt>Tình trạng</dt><dd id="self-state">{{state}}</dd>
        {{#isConfirmed}}<dt>Điểm được xác nhận</dt><dd>{{confirmed}}</dd><dt>Ý kiến lãnh đạo</dt><dd>{{leaderComment}}</dd>{{/isConfirmed}}</dl>{{/kept}}
        {{#canPropose}}<form method="post" action="/tu-danh-gia/de-xuat" class="card"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="ky" value="{{period}}">
        <label for="points">Điểm chung đề xuất (0 – {{max}})</label><input id="points" name="points" inputmode="decimal" required>
        <label for="self-comment">Nhận xét</label><textarea id="self-comment" name="comment" rows="3"></textarea>
        <button type="submit" id="propose">Gửi tự đánh giá</button></form>{{/canPropose}}
        </section>{{/self}}
        {{#hasDisputes}}<section><h2>Khiếu nại{{#mine}} của tôi{{/mine}}</h2>
        <div class="scroll"><table id="disputes"><thead><tr><th>Số</th><th>Nhiệm vụ</th><th>Nội dung</th><th>Giá trị</th><th>Lý do</th><th>Gửi lúc</th><th>Tình trạng</th><th>Quyết định</th></tr></thead>
        <tbody>{{#disputes}}<tr{{#open}} class="warn"{{/open}}><td class="num">{{id}}</td><td><a href="{{href}}">{{task}}</a></td><td>{{kind}}</td><td>{{value}}</td><td>{{reason}}</td><td>{{raised}}</td><td class="state">{{state}}</td><td>{{decided}}</td></tr>{{/disputes}}</tbody>
        </table></div></section>{{/hasDisputes}}
        {{#hasSteps}}<section><h2>Các bước xử lý hồ sơ thủ tục hành chính</h2>
        <div class="scroll"><table>
        <thead><tr><th>Hồ sơ</th><th>Bước</th><th>Nhận lúc</th><th>Hạn bước</th><th>Chuyển đi lúc</th><th>Trễ (ngày)</th></tr></thead>
        <tbody>{{/hasSteps}}{{#steps}}<tr{{#late}} class="warn"{{/late}}><td>{{dossier}}<br><small>{{procedure}}</small></td><td>{{step}}. {{content}}</td><td>{{started}}</td><td>{{deadline}}</td><td>{{ended}}</td><td class="num">{{days}}</td></tr>{{/steps}}
        {{#hasSteps}}</tbody></table></div></section>{{/hasSteps}}
        """

    static let serviceCounts = """
        <thead><tr><th>{{heading}}</th><th>Hồ sơ</th><th>Đúng hạn</th><th>Trễ hạn</th><th>Đang xử lý</th><th>Quá hạn</th><th>Bổ sung</th><th>Rút</th><th>Xin lỗi</th><th>Chưa xét được</th><th>Tỷ lệ đúng hạn</th></tr></thead>
        """

    static let serviceRow = """
        <tr{{#below}} class="warn"{{/below}}><td>{{name}}</td><td class="num">{{dossiers}}</td><td class="num">{{onTime}}</td><td class="num">{{late}}</td><td class="num">{{running}}</td><td class="num">{{overdue}}</td><td class="num">{{supplements}}</td><td class="num">{{withdrawn}}</td><td class="num">{{apologies}}</td><td class="num">{{unjudged}}</td><td class="num">{{rate}}{{#below}} (dưới mục tiêu){{/below}}</td></tr>
        """

    static let services = periodForm + """
        <p>Xét theo Quyết định 766/QĐ-TTg tại {{judgedAt}}: hồ sơ chưa kết thúc được xét tại thời điểm này.</p>
        <section class="cards">
        <div class="card{{#below}} warn{{/below}}"><b>{{rate}}</b><span>hồ sơ đúng hạn (mục tiêu {{target}})</span></div>
        <div class="card"><b>{{dossiers}}</b><span>hồ sơ trong kỳ</span></div>
        <div class="card"><b>{{overdue}}</b><span>hồ sơ đang quá hạn</span></div>
        </section>
        <section><h2>Tỷ lệ đúng hạn theo đơn vị</h2>{{{chart}}}</section>
        <section><h2>Theo đơn vị</h2><div class="scroll"><table>
        """ + serviceCounts.replacingOccurrences(of: "{{heading}}", with: "Đơn vị") + """
        <tbody>{{#units}}
        """ + serviceRow + """
        {{/units}}</tbody></table></div></section>
        <section><h2>Hồ sơ đến hạn trong 24 giờ</h2><div class="scroll"><table>
        <thead><tr><th>Mã hồ sơ</th><th>Đơn vị</th><th>Thủ tục</th><th>Hạn trả</th><th>Còn (giờ)</th><th>Người đang xử lý</th></tr></thead>
        <tbody>{{#dueSoon}}<tr><td>{{code}}</td><td>{{unit}}</td><td>{{procedure}}</td><td>{{due}}</td><td class="num">{{hours}}</td><td>{{holder}}</td></tr>{{/dueSoon}}
        {{^dueSoon}}<tr><td colspan="6">Không có hồ sơ nào đến hạn trong 24 giờ tới.</td></tr>{{/dueSoon}}</tbody></table></div></section>
        <section><h2>Bước xử lý trễ hạn theo cán bộ</h2><div class="scroll"><table>
        <thead><tr><th>Cán bộ</th><th>Số bước</th><th>Bước trễ</th><th>Số ngày trễ</th></tr></thead>
        <tbody>{{#officers}}<tr><td><a href="{{href}}">{{name}}</a></td><td class="num">{{steps}}</td><td class="num">{{late}}</td><td class="num">{{days}}</td></tr>{{/officers}}
        {{^officers}}<tr><td colspan="4">Không có bước xử lý nào trễ hạn.</td></tr>{{/officers}}</tbody></table></div></section>
        <section><h2>Theo thủ tục</h2><div class="scroll"><table>
        """ + serviceCounts.replacingOccurrences(of: "{{heading}}", with: "Thủ tục") + """
        <tbody>{{#procedures}}
        """ + serviceRow + """
        {{/procedures}}</tbody></table></div></section>
        <section><h2>Sổ theo dõi phiếu xin lỗi và hẹn lại</h2><div class="scroll"><table>
        <thead><tr><th>Đơn vị</th><th>Mã hồ sơ</th><th>Hẹn trả trước</th><th>Hẹn trả mới</th></tr></thead>
        <tbody>{{#apologies}}<tr><td>{{unit}}</td><td>{{code}}</td><td>{{previous}}</td><td>{{new}}</td></tr>{{/apologies}}
        {{^apologies}}<tr><td colspan="4">Không có hồ sơ nào phải hẹn lại kèm phiếu xin lỗi.</td></tr>{{/apologies}}</tbody></table></div></section>
        """

    static let tasks = """
        {{> filters}}
        <p class="muted">{{range}}</p>
        <div class="scroll"><table>
        <thead><tr><th>Nhiệm vụ</th><th>Cơ quan</th><th>Người chủ trì</th><th>Trạng thái</th><th>Hạn xử lý</th><th>Hoàn thành</th></tr></thead>
        <tbody>{{#rows}}<tr{{#disputed}} class="warn"{{/disputed}}><td><a href="{{href}}">{{title}}</a><br><small>{{key}}</small></td><td>{{agency}}</td><td>{{handler}}</td><td>{{status}}</td><td>{{due}}</td><td>{{completed}}</td></tr>{{/rows}}
        {{^rows}}<tr><td colspan="6">Không có nhiệm vụ nào.</td></tr>{{/rows}}</tbody>
        </table></div>
        <p class="pager">{{#previous}}<a href="{{previous}}">« Trang trước</a>{{/previous}} {{#next}}<a href="{{next}}">Trang sau »</a>{{/next}}</p>
        """

    static let task = """
        <dl class="facts">{{#fields}}<dt>{{label}}</dt><dd>{{value}}</dd>{{/fields}}</dl>
        {{#linked}}<section><h2>Cùng một công việc ở các hệ thống</h2><ul>{{#members}}<li><a href="{{href}}">{{key}}</a></li>{{/members}}</ul>{{#disputed}}<p class="warn">Các hệ thống chưa thống nhất: {{disputed}}</p>{{/disputed}}</section>{{/linked}}
        <section><h2>Nguồn</h2>
        <div class="scroll"><table><thead><tr><th>Hệ thống</th><th>Bản ghi</th><th>Phiên bản</th><th>Gói dữ liệu (SHA-256)</th><th>Ánh xạ</th></tr></thead>
        <tbody>{{#provenance}}<tr><td>{{source}}</td><td>{{record}}</td><td>{{version}}</td><td><code>{{payload}}</code></td><td>{{mapping}}</td></tr>{{/provenance}}</tbody></table></div></section>
        <section><h2>Lịch sử</h2>
        <div class="scroll"><table><thead><tr><th>Lần</th><th>Thời điểm</th><th>Nguyên nhân</th></tr></thead>
        <tbody>{{#revisions}}<tr><td>{{revision}}</td><td>{{at}}</td><td>{{cause}}</td></tr>{{/revisions}}</tbody></table></div></section>
        """

    static let deadLetters = """
        <p>Bản ghi không nhập được. Sửa ánh xạ hoặc dữ liệu nguồn, <b>chạy thử</b> để xem kết quả, rồi nhập lại — không bao giờ tính hai lần.</p>
        <form method="post" action="/loi-nhap/chay-thu">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <div class="scroll"><table>
        <thead><tr><th></th><th>Số</th><th>Nguồn</th><th>Bản ghi</th><th>Loại lỗi</th><th>Lý do</th><th>Số lần thử</th><th>Lần cuối</th></tr></thead>
        <tbody>{{#letters}}<tr><td><input type="checkbox" name="id" value="{{id}}" id="dl-{{id}}" aria-label="chọn {{id}}"></td><td>{{id}}</td><td>{{source}}</td><td>{{record}}</td><td>{{failure}}</td><td>{{reason}}</td><td class="num">{{attempts}}</td><td>{{lastSeen}}</td></tr>{{/letters}}
        {{^letters}}<tr><td colspan="8">Không có bản ghi lỗi nào chưa xử lý.</td></tr>{{/letters}}</tbody>
        </table></div>
        {{#hasLetters}}<button type="submit" id="dry-run">Chạy thử các bản ghi đã chọn</button>{{/hasLetters}}
        </form>
        """

    static let replayed = """
        <p>{{summary}}</p>
        <div class="scroll"><table>
        <thead><tr><th>Số</th><th>Kết quả</th><th>Thay đổi</th><th>Lỗi còn lại</th></tr></thead>
        <tbody>{{#outcomes}}<tr{{^resolved}} class="warn"{{/resolved}}><td>{{id}}</td><td>{{result}}</td><td class="num">{{applied}}</td><td>{{failures}}</td></tr>{{/outcomes}}</tbody>
        </table></div>
        {{#dryRun}}<form method="post" action="/loi-nhap/nhap-lai">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#ids}}<input type="hidden" name="id" value="{{.}}">{{/ids}}
        <button type="submit" id="replay">Nhập lại thật</button> <a href="/loi-nhap">Hủy</a>
        </form>{{/dryRun}}
        {{^dryRun}}<p><a href="/loi-nhap">Về danh sách bản ghi lỗi</a></p>{{/dryRun}}
        """

    static let conflicts = """
        {{> filters}}
        <div class="scroll"><table>
        <thead><tr><th>Mã</th><th>Loại</th><th>Tình trạng</th><th>Cơ quan</th><th>Nội dung</th></tr></thead>
        <tbody>{{#rows}}<tr><td><a href="{{href}}">{{id}}</a></td><td>{{kind}}</td><td>{{state}}</td><td>{{agency}}</td><td>{{note}}</td></tr>{{/rows}}
        {{^rows}}<tr><td colspan="5">Không có mục nào cần đối soát.</td></tr>{{/rows}}</tbody>
        </table></div>
        <section><h2>Quyết định gần đây</h2>
        <div class="scroll"><table id="decisions">
        <thead><tr><th>Số</th><th>Thời điểm</th><th>Người quyết định</th><th>Quyết định</th><th>Lý do</th></tr></thead>
        <tbody>{{#decisions}}<tr><td>{{sequence}}</td><td>{{at}}</td><td>{{actor}}</td><td>{{summary}}</td><td>{{reason}}</td></tr>{{/decisions}}
        {{^decisions}}<tr><td colspan="5">Chưa có quyết định nào.</td></tr>{{/decisions}}</tbody>
        </table></div></section>
        """

    static let conflict = """
        <dl class="facts"><dt>Loại</dt><dd>{{kind}}</dd><dt>Tình trạng</dt><dd>{{state}}</dd>{{#subject}}<dt>Về</dt><dd>{{subject}}</dd>{{/subject}}<dt>Cơ quan</dt><dd>{{agency}}</dd><dt>Ghi chú</dt><dd>{{note}}</dd></dl>
        <section><h2>Bằng chứng</h2>
        <div class="scroll"><table><thead><tr><th>Hệ thống</th><th>Nhiệm vụ</th><th>Giá trị</th><th>Bản ghi</th></tr></thead>
        <tbody>{{#sides}}<tr><td>{{source}}</td><td><a href="{{href}}">{{task}}</a></td><td>{{value}}</td><td>{{#records}}<small>{{.}}</small><br>{{/records}}</td></tr>{{/sides}}</tbody></table></div></section>
        {{#dispute}}<section><h2>Khiếu nại của cán bộ</h2><dl class="facts"><dt>Lý do</dt><dd>{{reason}}</dd><dt>Gửi lúc</dt><dd>{{raised}}</dd>
        {{#document}}<dt>Số văn bản</dt><dd>{{document}}</dd>{{/document}}
        {{#evidence}}<dt>Minh chứng</dt><dd><a href="{{href}}">{{name}}</a> ({{size}} byte)</dd>{{/evidence}}</dl></section>{{/dispute}}
        {{#decision}}<section><h2>Quyết định</h2><p>{{decision}}</p></section>{{/decision}}
        <section><h2>Ảnh hưởng tới điểm</h2>
        {{#impacts}}<h3>{{option}}</h3>{{#hasMoves}}<ul>{{#moves}}<li>{{officer}} · {{period}}: {{before}} → {{after}}</li>{{/moves}}</ul>{{/hasMoves}}{{^moves}}<p class="muted">Không điểm nào thay đổi.</p>{{/moves}}{{/impacts}}
        {{^impacts}}<p class="muted">Không có phương án nào làm thay đổi điểm.</p>{{/impacts}}
        </section>
        {{#canLink}}<section><h2>Gắn tài khoản với cán bộ</h2>
        <form method="post" action="/doi-soat/{{id}}/gan-tai-khoan" class="card">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <label for="link-officer">Cán bộ giữ tài khoản này</label>
        <select id="link-officer" name="officer" required>{{#officers}}<option value="{{id}}">{{label}}</option>{{/officers}}</select>
        <label for="link-reason">Lý do (bắt buộc)</label><input id="link-reason" name="reason" required>
        <button type="submit" id="link">Gắn tài khoản</button>
        </form></section>{{/canLink}}
        {{#canDecide}}<section><h2>Quyết định đối soát</h2>
        <form method="post" action="/doi-soat/{{id}}/quyet-dinh" class="card">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <fieldset><legend>Phương án</legend>
        <label><input type="radio" name="action" value="accept" checked> {{acceptLabel}}</label>
        {{#canReject}}<label><input type="radio" name="action" value="reject"> {{rejectLabel}}</label>{{/canReject}}
        {{#choices}}<label><input type="radio" name="action" value="choose:{{.}}"> Lấy giá trị của {{.}}</label>{{/choices}}
        </fieldset>
        {{#needsOfficer}}<label for="value">Nhiệm vụ này của cán bộ nào (khi chấp nhận)</label>
        <select id="value" name="value">{{#officers}}<option value="{{id}}">{{label}}</option>{{/officers}}</select>{{/needsOfficer}}
        <label for="reason">Lý do (bắt buộc)</label>
        <input id="reason" name="reason" required>
        <button type="submit" name="dry-run" value="1" id="decide-dry-run">Chạy thử</button>
        <button type="submit" id="decide">Ghi quyết định</button>
        </form></section>{{/canDecide}}
        """

    static let decided = """
        <p>{{summary}}</p>
        {{#dryRun}}<form method="post" action="/doi-soat/{{id}}/quyet-dinh" class="card">
        <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="action" value="{{action}}"><input type="hidden" name="reason" value="{{reason}}">{{#value}}<input type="hidden" name="value" value="{{value}}">{{/value}}
        <button type="submit" id="decide-for-real">Ghi quyết định này</button></form>{{/dryRun}}
        {{#hasMoves}}<ul>{{#moves}}<li>{{officer}} · {{period}}: {{before}} → {{after}}</li>{{/moves}}</ul>{{/hasMoves}}
        {{^moves}}<p class="muted">Không điểm nào thay đổi.</p>{{/moves}}
        <p>{{^gone}}<a href="/doi-soat/{{id}}">Về mục đối soát {{id}}</a>{{/gone}}{{#gone}}<a href="{{taskHref}}">Xem nhiệm vụ đã liên kết</a> (mục {{id}} đã xong, không còn trong hàng chờ){{/gone}} · <a href="/doi-soat">Danh sách đối soát và các quyết định gần đây</a></p>
        """

    static let sources = """
        {{> sourceTable}}
        <p class="muted">Độ trễ: thời gian từ lần đồng bộ thành công gần nhất. Cầu dao mở: nguồn lỗi liên tiếp, tạm ngừng gọi.</p>
        """

    static let directory = """
        {{> filters}}
        <p class="muted">{{range}}</p>
        <div class="scroll"><table>
        <thead><tr><th>Cán bộ</th><th>Mã</th><th>Cơ quan</th><th>Đơn vị</th><th>Chức vụ</th><th>Tài khoản</th></tr></thead>
        <tbody>{{#rows}}<tr><td><a href="{{href}}">{{name}}</a></td><td>{{id}}</td><td>{{agency}}</td><td>{{unit}}</td><td>{{position}}</td><td>{{accounts}}</td></tr>{{/rows}}
        {{^rows}}<tr><td colspan="6">Danh bạ chưa có cán bộ nào (kpibridge directory import).</td></tr>{{/rows}}</tbody>
        </table></div>
        <p class="pager">{{#previous}}<a href="{{previous}}">« Trang trước</a>{{/previous}} {{#next}}<a href="{{next}}">Trang sau »</a>{{/next}}</p>
        """
}
