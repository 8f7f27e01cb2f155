#!/usr/bin/env python3
"""Browser tests of serve's web UI: headless Chromium driven by Selenium against a running `kpibridge serve`.

Every page loads with no console error and no failed request; an operator replays a dead letter (dry run
first); an admin settles a reconciliation conflict (dry run first); a viewer limited to one agency cannot reach
another agency's pages or data. Screenshots of the dashboard and an officer page go to --shots.

Usage: browser_tests.py --base URL --admin TOKEN --operator TOKEN --viewer TOKEN --agency CODE --other-task KEY
       --other-officer ID --other-agency CODE --shots DIR   (scripts/browser-tests.sh sets all of it up)
"""
import argparse
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

failures = []


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message, flush=True)
    if not condition:
        failures.append(message)


def browser(width=1280, height=1800):
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", f"--window-size={width},{height}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if os.path.exists("/usr/bin/chromium"):
        options.binary_location = "/usr/bin/chromium"
    service = webdriver.ChromeService(executable_path="/usr/bin/chromedriver") if os.path.exists("/usr/bin/chromedriver") else None
    return webdriver.Chrome(options=options, service=service)


def click(driver, element):
    """Clicks a button that submits a form, and waits for the next page."""
    page = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, 30).until(lambda _: gone(page))


def gone(element):
    """True once the page holding `element` has been replaced. Mid-navigation chromedriver may answer "node does
    not belong to the document" instead of a stale-element error: that means gone as well."""
    try:
        element.is_enabled()
        return False
    except WebDriverException:
        return True


def console_errors(driver):
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def visit(driver, base, path, expect_ok=True):
    """Opens a page; checks that it rendered as a page of the UI with no console error or failed request."""
    driver.get(base + path)
    errors = console_errors(driver)
    heading = driver.find_element(By.TAG_NAME, "h1").text if driver.find_elements(By.TAG_NAME, "h1") else ""
    problem = driver.find_elements(By.CSS_SELECTOR, ".problem")
    if expect_ok:
        check(not errors, f"{path}: no console error or failed request {errors[:2]}")
        check(heading != "" and not problem, f"{path}: renders '{heading}'" + (f" — problem: {problem[0].text}" if problem else ""))
    return heading, problem, errors


def sign_in(driver, base, token, home="/"):
    driver.delete_all_cookies()
    driver.get(base + "/dang-nhap")
    driver.find_element(By.ID, "token").send_keys(token)
    click(driver, driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    landed = driver.current_url[len(base):] or "/"
    check(landed.startswith(home), f"signed in and sent to {home} (at {landed})")


def api_status(base, path, token):
    request = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def main():
    parser = argparse.ArgumentParser()
    for name in ["base", "admin", "operator", "viewer", "agency", "other-agency", "other-task", "other-officer", "shots", "officer", "officer-id", "peer"]:
        parser.add_argument("--" + name, required=True)
    args = parser.parse_args()
    base = args.base.rstrip("/")
    os.makedirs(args.shots, exist_ok=True)
    driver = browser()
    try:
        # Not signed in: every page sends the browser to the sign-in page; a wrong token is refused.
        driver.get(base + "/nhiem-vu")
        check(driver.current_url.endswith("/dang-nhap"), "a page without a session leads to the sign-in page")
        driver.find_element(By.ID, "token").send_keys("kpb_wrong")
        click(driver, driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
        check("không đúng" in driver.find_element(By.CSS_SELECTOR, ".problem").text, "a wrong token is refused in Vietnamese")
        console_errors(driver)  # the refusal's 401 is expected: drained here so later pages are checked alone

        # The admin: every page, with screenshots of the dashboard and an officer page.
        sign_in(driver, base, args.admin)
        visit(driver, base, "/")
        check(len(driver.find_elements(By.CSS_SELECTOR, "section svg")) >= 3, "the dashboard draws its three charts")
        driver.save_screenshot(os.path.join(args.shots, "dashboard.png"))
        officer_link = driver.find_element(By.CSS_SELECTOR, "section table tbody a[href^='/can-bo']").get_attribute("href")
        visit(driver, base, officer_link[len(base):])
        check(len(driver.find_elements(By.CSS_SELECTOR, "table tbody tr")) > 0, "the officer page explains the score task by task")
        driver.save_screenshot(os.path.join(args.shots, "officer.png"))
        visit(driver, base, "/nhiem-vu")
        task_link = driver.find_element(By.CSS_SELECTOR, "table tbody a[href^='/nhiem-vu/xem']").get_attribute("href")
        visit(driver, base, task_link[len(base):])
        check("Nguồn" in driver.page_source, "the task page lists the systems and records behind the task")
        for path in ["/nhiem-vu?trang=2", "/doi-soat", "/nguon", "/danh-ba", "/loi-nhap", "/khoi-luong", "/bien-che"]:
            visit(driver, base, path)
        # The one-stop centre's page: the on-time rate per unit against the target, late steps by officer.
        visit(driver, base, "/mot-cua?ky=2026-Q2")
        check("Tỷ lệ đúng hạn theo đơn vị" in driver.page_source and "mục tiêu 95,0 %" in driver.page_source,
              "the one-stop page draws the on-time rate per unit against the target")
        check(len(driver.find_elements(By.CSS_SELECTOR, "table tbody tr")) > 3, "the one-stop page lists units, steps and procedures")
        driver.save_screenshot(os.path.join(args.shots, "services.png"))
        # The bonus page: no list before the year is closed; an admin's run is refused in Vietnamese, saying why.
        visit(driver, base, f"/thuong?co-quan={urllib.parse.quote(args.agency)}")
        check("Chưa lập danh sách thưởng" in driver.page_source, "the bonus page says no list was made yet")
        click(driver, driver.find_element(By.XPATH, "//button[starts-with(normalize-space(.), 'Kiểm tra và lập danh sách thưởng')]"))
        check("chưa khóa sổ" in driver.find_element(By.CSS_SELECTOR, ".problem").text, "a run before the year's close is refused, saying why")
        console_errors(driver)  # the refusal's 422 is expected: drained here so later pages are checked alone
        driver.set_window_size(390, 1400)
        visit(driver, base, "/")
        driver.save_screenshot(os.path.join(args.shots, "dashboard-phone.png"))
        width = driver.execute_script("return document.documentElement.scrollWidth")
        check(width <= 400, f"the dashboard fits a phone's width ({width}px)")
        driver.set_window_size(1280, 1800)

        # The admin settles a conflict: a dry run first (nothing recorded), then the decision.
        visit(driver, base, "/doi-soat?tinh-trang=open")
        links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "table tbody a[href^='/doi-soat/']")]
        check(len(links) > 0, "the queue has open conflicts")
        decided = False
        for link in links[:10]:
            visit(driver, base, link[len(base):])
            if not driver.find_elements(By.ID, "decide"):
                continue
            conflict_id = link.rsplit("/", 1)[1]
            driver.find_element(By.ID, "reason").send_keys("kiểm tra trên giao diện")
            click(driver, driver.find_element(By.ID, "decide-dry-run"))
            check(driver.find_element(By.TAG_NAME, "h1").text == "Chạy thử quyết định", f"{conflict_id}: the dry run says what would change")
            visit(driver, base, f"/doi-soat/{conflict_id}")
            check("chờ quyết định" in driver.page_source, f"{conflict_id}: still open after the dry run")
            driver.find_element(By.ID, "reason").send_keys("đã đối chiếu văn bản gốc")
            click(driver, driver.find_element(By.ID, "decide"))
            check(driver.find_element(By.TAG_NAME, "h1").text == "Đã ghi quyết định", f"{conflict_id}: the decision is recorded")
            check(not console_errors(driver), f"{conflict_id}: no console error after deciding")
            visit(driver, base, "/doi-soat")
            recent = driver.find_element(By.ID, "decisions").text
            check("web:admin-web" in recent and "đã đối chiếu văn bản gốc" in recent, f"{conflict_id}: listed among the decisions, in the token's name, with its reason")
            decided = True
            break
        check(decided, "an admin could decide a conflict")

        # Provisional scores are marked where they rank officers, and the quota says what it counts.
        visit(driver, base, "/")
        check("tạm tính" in driver.page_source, "the dashboard marks provisional scores")
        check("chỉ tính trên điểm đã nhập" in driver.page_source, "the dashboard says the quota counts entered scores only")

        # The admin works while the sources sync: a token made (shown once) and revoked, a period closed, the audit.
        visit(driver, base, "/quan-tri")
        driver.find_element(By.ID, "token-name").send_keys("browser-made")
        click(driver, driver.find_element(By.ID, "create-token"))
        made = driver.find_element(By.ID, "new-token").text
        check(made.startswith("kpb_"), "a token made on the web is shown once")
        check(api_status(base, "/api/v1/tasks", made) == 200, "the new token works at once")
        row = [r for r in driver.find_elements(By.CSS_SELECTOR, "#tokens tbody tr") if r.find_element(By.TAG_NAME, "td").text == "browser-made"][0]
        click(driver, row.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        check("Đã thu hồi" in driver.page_source, "the token is revoked from the web")
        check(api_status(base, "/api/v1/tasks", made) == 401, "a revoked token is refused from the next request")
        driver.find_element(By.ID, "close-period").send_keys("2026-01")
        click(driver, driver.find_element(By.ID, "close"))
        check("2026-01" in driver.find_element(By.ID, "periods").text, "a period is closed from the web")
        visit(driver, base, "/quan-tri/nhat-ky")
        check("token.revoke" in driver.page_source and "period.close" in driver.page_source, "the audit log shows what the admin did")

        # The operator replays a dead letter: a dry run first, then for real.
        sign_in(driver, base, args.operator)
        visit(driver, base, "/loi-nhap")
        boxes = driver.find_elements(By.CSS_SELECTOR, "input[type=checkbox][name=id]")
        before = len(boxes)
        check(before > 0, f"there are dead letters to replay ({before})")
        if boxes:
            boxes[0].click()
            click(driver, driver.find_element(By.ID, "dry-run"))
            check(driver.find_element(By.TAG_NAME, "h1").text == "Chạy thử nhập lại", "the dry run comes first")
            check("sẽ nhập được" in driver.page_source, "the dry run says the fixed mapping takes the record")
            check(not console_errors(driver), "no console error on the dry run")
            visit(driver, base, "/loi-nhap")
            check(len(driver.find_elements(By.CSS_SELECTOR, "input[type=checkbox][name=id]")) == before, "a dry run replays nothing")
            box = driver.find_element(By.CSS_SELECTOR, "input[type=checkbox][name=id]")
            chosen = box.get_attribute("value")
            box.click()
            click(driver, driver.find_element(By.ID, "dry-run"))
            click(driver, driver.find_element(By.ID, "replay"))
            check(driver.find_element(By.TAG_NAME, "h1").text == "Kết quả nhập lại", "the replay ran")
            check(driver.find_element(By.CSS_SELECTOR, "tbody tr td:nth-child(2)").text == "đã nhập", f"dead letter {chosen} was taken")
            visit(driver, base, "/loi-nhap")
            left = [b.get_attribute("value") for b in driver.find_elements(By.CSS_SELECTOR, "input[type=checkbox][name=id]")]
            # Replaying a payload settles every dead letter of that payload (a page of ten records: ten letters).
            check(chosen not in left and len(left) < before, f"dead letter {chosen} is gone ({before} → {len(left)})")

        # A viewer of one agency: their own pages load; another agency's pages and data do not.
        sign_in(driver, base, args.viewer)
        for path in ["/", "/nhiem-vu", "/doi-soat", "/nguon", "/danh-ba", "/mot-cua?ky=2026-Q2", "/thuong"]:
            visit(driver, base, path)
        check(not driver.find_elements(By.XPATH, "//button[starts-with(normalize-space(.), 'Kiểm tra và lập')]"), "a viewer cannot run the bonus")
        check(args.agency in driver.find_element(By.TAG_NAME, "header").text, "the header says which agency the viewer sees")
        page = driver.page_source
        check("/loi-nhap" not in page, "no dead-letter link for a viewer")
        for path, what in [
            (f"/nhiem-vu?co-quan={urllib.parse.quote(args.other_agency)}", "another agency's task list"),
            (f"/nhiem-vu/xem?ma={urllib.parse.quote(args.other_task, safe='')}", "another agency's task"),
            (f"/can-bo?ma={urllib.parse.quote(args.other_officer, safe='')}", "another agency's officer"),
            (f"/danh-ba?co-quan={urllib.parse.quote(args.other_agency)}", "another agency's directory"),
            (f"/thuong?co-quan={urllib.parse.quote(args.other_agency)}", "another agency's bonus list"),
        ]:
            heading, _, _ = visit(driver, base, path, expect_ok=False)
            check(heading == "Không tìm thấy", f"a viewer cannot reach {what} (says '{heading}')")
            check(not driver.find_elements(By.CSS_SELECTOR, "dl.facts, table"), f"{what}: nothing of it on the page")
        heading, _, _ = visit(driver, base, "/loi-nhap", expect_ok=False)
        check(heading == "Không có quyền", "a viewer cannot reach the dead letters")
        visit(driver, base, "/nhiem-vu")
        check(args.other_task not in driver.page_source, "the viewer's task list holds none of another agency's tasks")
        check(api_status(base, f"/api/v1/tasks?agency={urllib.parse.quote(args.other_agency)}", args.viewer) == 403, "nor through the API by filter")
        check(api_status(base, "/api/v1/tasks/" + urllib.parse.quote(args.other_task, safe=""), args.viewer) == 404, "nor through the API by id")

        # An officer, on a phone: their own page only; a task disputed; another officer's page not found.
        me = urllib.parse.quote(args.officer_id, safe="")
        driver.set_window_size(390, 1400)
        sign_in(driver, base, args.officer, home="/can-bo")
        visit(driver, base, f"/can-bo?ma={me}&ky=2026")
        width = driver.execute_script("return document.documentElement.scrollWidth")
        check(width <= 400, f"the officer's page fits a phone's width ({width}px)")
        nav = driver.find_element(By.TAG_NAME, "nav").text
        check("Hồ sơ của tôi" in nav and "Đối soát" not in nav and "Nhiệm vụ" not in nav, f"an officer's menu is their own record ({nav})")
        dispute_links = driver.find_elements(By.XPATH, "//a[normalize-space(.)='Khiếu nại']")
        check(len(dispute_links) > 0, "each of the officer's tasks can be disputed")
        before_done = driver.find_elements(By.CSS_SELECTOR, ".cards .card b")[2].text
        driver.get(dispute_links[0].get_attribute("href"))
        Select(driver.find_element(By.ID, "kind")).select_by_value("not-mine")
        driver.find_element(By.ID, "reason").send_keys("Nhiệm vụ do đồng chí khác chủ trì theo phân công ngày 02/03")
        click(driver, driver.find_element(By.ID, "raise-dispute"))
        visit(driver, base, f"/can-bo?ma={me}&ky=2026")
        check("chờ quyết định" in driver.find_element(By.ID, "disputes").text, "the officer sees the dispute waiting")
        driver.save_screenshot(os.path.join(args.shots, "officer-phone.png"))
        for path, what in [
            (f"/can-bo?ma={urllib.parse.quote(args.peer, safe='')}&ky=2026", "another officer's page"),
            (f"/nhiem-vu/xem?ma={urllib.parse.quote(args.other_task, safe='')}", "another officer's task"),
        ]:
            heading, _, _ = visit(driver, base, path, expect_ok=False)
            check(heading == "Không tìm thấy", f"an officer cannot reach {what} (says '{heading}')")
        heading, _, _ = visit(driver, base, "/nhiem-vu", expect_ok=False)
        check(heading == "Không có quyền", "an officer cannot list the province's tasks")
        console_errors(driver)

        # The agency's admin decides it after a dry run; the officer's score and the dispute's state change.
        driver.set_window_size(1280, 1800)
        sign_in(driver, base, args.admin)
        visit(driver, base, "/doi-soat?loai=dispute&tinh-trang=open")
        links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "table tbody a[href^='/doi-soat/']")]
        check(len(links) == 1, f"the dispute is in the queue ({len(links)})")
        if links:
            visit(driver, base, links[0][len(base):])
            select = Select(driver.find_element(By.ID, "value"))
            other = next(o.get_attribute("value") for o in select.options if o.get_attribute("value") != args.officer_id)
            select.select_by_value(other)
            driver.find_element(By.ID, "reason").send_keys("đúng phân công")
            click(driver, driver.find_element(By.ID, "decide-dry-run"))
            check(driver.find_element(By.TAG_NAME, "h1").text == "Chạy thử quyết định", "the dispute's dry run comes first")
            check("điểm sẽ thay đổi" in driver.page_source, "the dry run says how many scores would move")
            click(driver, driver.find_element(By.ID, "decide-for-real"))
            check(driver.find_element(By.TAG_NAME, "h1").text == "Đã ghi quyết định", "the dispute is decided")
            sign_in(driver, base, args.officer, home="/can-bo")
            visit(driver, base, f"/can-bo?ma={me}&ky=2026")
            check("được chấp nhận" in driver.find_element(By.ID, "disputes").text, "the officer sees the dispute accepted")
            after_done = driver.find_elements(By.CSS_SELECTOR, ".cards .card b")[2].text
            check(after_done != before_done, f"the task left the officer's record (tasks done/assigned {before_done} → {after_done})")

        # A form posted without the session's CSRF token is refused.
        sign_in(driver, base, args.viewer)
        driver.get(base + "/nguon")
        driver.execute_script("document.querySelectorAll('input[name=_csrf]').forEach(e => e.value = 'forged')")
        click(driver, driver.find_element(By.CSS_SELECTOR, "form.signout button"))
        check(driver.find_element(By.TAG_NAME, "h1").text == "Không có quyền", "a form with a forged CSRF token is refused")
    finally:
        driver.quit()
    print(json.dumps({"failures": failures}, ensure_ascii=False))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
