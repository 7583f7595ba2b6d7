<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="SiteName" content="太原市小店区人民政府">
<meta name="SiteDomain" content="www.tyxd.gov.cn">
<meta name="SiteIDCode" content="1401050001">
<title>信息公开年报-太原市小店区人民政府</title>
<meta name="description" content="vsb"><script src="/system/resource/js/counter.js"></script>
</head>
<body>
<div class="header"><a href="/"><img src="/images/logo.png" alt="太原市小店区人民政府"></a>
<span class="site-name">太原市小店区人民政府</span></div>
<div class="main">
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; 信息公开年报</div><h2>信息公开年报</h2><table class="winstyle56789" width="100%"><tr id="line_u8_0"><td><a href="/info/10432/94808.htm" class="c56789" title="太原市小店区人民政府办公室2023年政府信息公开工作年度报告">太原市小店区人民政府办公室2023年政府信息公开工作年度报告</a></td><td><span class="timestyle56789">2024-02-27</span></td></tr><tr id="line_u8_1"><td><a href="/info/10432/93078.htm" class="c56789" title="太原市小店区人民政府政府信息公开指南">太原市小店区人民政府政府信息公开指南</a></td><td><span class="timestyle56789">2023-02-11</span></td></tr><tr id="line_u8_2"><td><a href="/info/10432/92623.htm" class="c56789" title="太原市小店区人民政府2023年政务公开工作要点">太原市小店区人民政府2023年政务公开工作要点</a></td><td><span class="timestyle56789">2023-01-29</span></td></tr><tr id="line_u8_3"><td><a href="/info/10432/91128.htm" class="c56789" title="关于报送2022年政府信息公开工作年度报告的通知">关于报送2022年政府信息公开工作年度报告的通知</a></td><td><span class="timestyle56789">2023-01-26</span></td></tr><tr id="line_u8_4"><td><a href="/info/10432/90073.htm" class="c56789" title="太原市小店区卫生健康局2022年政府信息公开工作年度报告">太原市小店区卫生健康局2022年政府信息公开工作年度报告</a></td><td><span class="timestyle56789">2023-01-18</span></td></tr></table><table><tr><td class="pagestyle56789">共14条&nbsp;&nbsp;1/3&nbsp;<a href="iList.jsp?cat_id=10432&amp;cur_page=2" class="Next">下页</a></td></tr></table><!-- vsb content -->
</div>
<div class="footer"><p>主办：太原市小店区人民政府办公室　网站标识码：1401050001</p>
<p><a href="http://www.gov.cn/" target="_blank">中国政府网</a></p></div>
</body>
</html>
