import Foundation

/// The pages an officer uses about their own record: a dispute, self-assessment (and its leader's list), the inbox.
extension WebTemplates {
    static let disputeForm = """
        <dl class="facts"><dt>Nhiệm vụ</dt><dd>{{title}}<br><small>{{key}}</small></dd><dt>Hạn xử lý</dt><dd>{{due}}</dd><dt>Hoàn thành</dt><dd>{{completed}}</dd>
        <dt>Loại sản phẩm</dt><dd>{{productType}}</dd></dl>
        <form method="post" action="/khieu-nai" enctype="multipart/form-data" class="card">
        <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="task" value="{{key}}">
        <label for="kind">Nội dung khiếu nại</label>
        <select id="kind" name="kind" required>{{#kinds}}<option value="{{value}}">{{label}}</option>{{/kinds}}</select>
        <label for="value">Giá trị đúng: ngày gia hạn hoặc ngày hoàn thành (năm-tháng-ngày), loại sản phẩm, hoặc mã nhiệm vụ bị tính trùng</label>
        <input id="value" name="value">
        <label for="reason">Lý do (bắt buộc)</label><textarea id="reason" name="reason" required rows="4"></textarea>
        <label for="document">Số văn bản làm minh chứng (nếu có)</label><input id="document" name="document">
        <label for="evidence">Tệp minh chứng (nếu có, tối đa {{limit}} MiB)</label><input id="evidence" name="evidence" type="file">
        <button type="submit" id="raise-dispute">Gửi khiếu nại</button>
        </form>
        <p><a href="{{back}}">Về hồ sơ của tôi</a></p>
        """

    static let selfAssessments = periodForm + """
        <div class="scroll"><table id="self-assessments"><thead><tr><th>Cán bộ</th><th>Đơn vị</th><th>Đề xuất</th><th>Nhận xét</th><th>Tình trạng</th><th>Được xác nhận</th><th>Xác nhận</th></tr></thead>
        <tbody>{{#rows}}<tr><td>{{name}}</td><td>{{unit}}</td><td class="num">{{proposed}}</td><td>{{comment}}</td><td>{{state}}</td><td class="num">{{confirmed}}{{#leaderComment}}<br><small>{{leaderComment}}</small>{{/leaderComment}}</td>
        <td>{{#canConfirm}}<form method="post" action="/tu-danh-gia/xac-nhan"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="officer" value="{{officer}}"><input type="hidden" name="ky" value="{{period}}">
        <input name="points" value="{{proposed}}" inputmode="decimal" aria-label="Điểm xác nhận" size="5"><input name="comment" aria-label="Ý kiến" placeholder="Ý kiến"><button type="submit">Xác nhận</button></form>{{/canConfirm}}</td></tr>{{/rows}}
        {{^rows}}<tr><td colspan="7">Chưa có bản tự đánh giá nào.</td></tr>{{/rows}}</tbody></table></div>
        """

    static let inbox = """
        <ul class="inbox">{{#rows}}<li{{#unread}} class="warn"{{/unread}}><b>{{subject}}</b> <small>{{at}}</small><br>{{body}}{{#href}} <a href="{{href}}">Xem nhiệm vụ</a>{{/href}}</li>{{/rows}}</ul>
        {{^rows}}<p>Chưa có thông báo nào.</p>{{/rows}}
        """
}
