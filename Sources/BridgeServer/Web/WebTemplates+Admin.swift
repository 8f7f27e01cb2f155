/// The admins' pages: tokens and periods (`admin`), the audit log (`audit`).
extension WebTemplates {
    static let admin = """
        {{#created}}<section class="card warn"><h2>Mã truy cập mới: {{name}}</h2>
        <p><code id="new-token">{{token}}</code></p><p class="muted">Chép mã này ngay và trao cho người dùng: hệ thống chỉ giữ bản băm, không hiện lại mã.</p></section>{{/created}}
        <section><h2>Mã truy cập</h2>
        <div class="scroll"><table id="tokens"><thead><tr><th>Tên</th><th>Quyền</th><th>Cơ quan</th><th>Tạo lúc</th><th></th></tr></thead>
        <tbody>{{#tokens}}<tr><td>{{name}}</td><td>{{role}}</td><td>{{agencies}}</td><td>{{created}}</td>
        <td>{{^self}}<form method="post" action="/quan-tri/ma-truy-cap/thu-hoi"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="name" value="{{name}}"><button type="submit">Thu hồi</button></form>{{/self}}{{#self}}<span class="muted">mã đang dùng</span>{{/self}}</td></tr>{{/tokens}}</tbody></table></div>
        <form method="post" action="/quan-tri/ma-truy-cap" class="card">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <label for="token-name">Tên (người hoặc hệ thống dùng mã)</label><input id="token-name" name="name" required>
        <label for="token-role">Quyền</label><select id="token-role" name="role"><option value="officer">cán bộ (chỉ xem hồ sơ của mình)</option><option value="viewer" selected>xem</option><option value="operator">vận hành</option><option value="admin">quản trị</option></select>
        <label for="token-agencies">Cơ quan (mã, cách nhau bởi dấu phẩy; để trống: mọi cơ quan)</label><input id="token-agencies" name="agencies">
        <label for="token-officer">Cán bộ (mã trong danh bạ; chỉ với quyền cán bộ)</label><input id="token-officer" name="officer">
        <button type="submit" id="create-token">Tạo mã truy cập</button>
        </form></section>
        <section><h2>Kỳ đánh giá đã khoá sổ</h2>
        <div class="scroll"><table id="periods"><thead><tr><th>Kỳ</th><th>Khoá sổ lúc</th><th>Người khoá</th><th>Mở lại (ghi lý do)</th></tr></thead>
        <tbody>{{#periods}}<tr><td>{{period}}</td><td>{{closedAt}}</td><td>{{actor}}</td>
        <td><form method="post" action="/quan-tri/ky/mo-lai"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="period" value="{{period}}"><input name="reason" required aria-label="Lý do mở lại"><button type="submit">Mở lại</button></form></td></tr>{{/periods}}
        {{^periods}}<tr><td colspan="4">Chưa kỳ nào được khoá sổ.</td></tr>{{/periods}}</tbody></table></div>
        <form method="post" action="/quan-tri/ky/khoa" class="card">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <label for="close-period">Khoá sổ kỳ (2026-03, 2026-Q1 hoặc 2026): điểm được giữ nguyên, thay đổi sau đó ghi thành điều chỉnh</label>
        <input id="close-period" name="period" required>
        <button type="submit" id="close">Khoá sổ</button>
        </form></section>
        {{#preview}}<section class="card"><h2>Danh bạ sẽ thay đổi</h2><pre id="directory-preview">{{preview}}</pre></section>{{/preview}}
        <section><h2>Danh bạ</h2>
        <form method="post" action="/quan-tri/danh-ba" enctype="multipart/form-data" class="card">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <label for="directory-file">Tệp danh bạ (YAML hoặc CSV)</label><input id="directory-file" name="file" type="file" required>
        <button type="submit" name="dry-run" value="1" id="directory-dry-run">Chạy thử</button>
        <button type="submit" id="directory-import">Nhập danh bạ</button>
        </form></section>
        <section><h2>Điểm chung (tiêu chí chung, tối đa 30)</h2>
        <form method="post" action="/quan-tri/diem-chung" class="card">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <label for="assess-officer">Cán bộ (mã, e-mail hoặc tài khoản)</label><input id="assess-officer" name="officer" required>
        <label for="assess-period">Kỳ</label><input id="assess-period" name="period" required>
        <label for="assess-points">Điểm chung</label><input id="assess-points" name="points" inputmode="decimal">
        <label><input type="checkbox" name="sanction" value="1"> Có kỷ luật</label>
        <button type="submit" id="assess">Ghi điểm</button>
        </form>
        <form method="post" action="/quan-tri/diem-chung/tep" enctype="multipart/form-data" class="card">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <label for="assess-file">Tệp CSV: officer,period,general_points,sanction</label><input id="assess-file" name="file" type="file" required>
        <button type="submit" id="assess-upload">Nhập tệp điểm</button>
        </form></section>
        <p><a href="/quan-tri/nhat-ky">Nhật ký thao tác</a></p>
        """

    static let audit = """
        {{> filters}}
        <p><a href="{{csv}}">Tải về CSV</a></p>
        <div class="scroll"><table id="audit"><thead><tr><th>Thời điểm</th><th>Người thực hiện</th><th>Hành động</th><th>Đối tượng</th><th>Chi tiết</th></tr></thead>
        <tbody>{{#rows}}<tr><td>{{at}}</td><td>{{actor}}</td><td>{{action}}</td><td>{{subject}}</td><td>{{detail}}</td></tr>{{/rows}}
        {{^rows}}<tr><td colspan="5">Không có mục nào.</td></tr>{{/rows}}</tbody></table></div>
        """
}
