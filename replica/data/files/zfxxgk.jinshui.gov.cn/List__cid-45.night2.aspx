<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="SiteName" content="郑州市金水区人民政府">
<meta name="SiteDomain" content="www.jinshui.gov.cn">
<meta name="SiteIDCode" content="4101050001">
<title>政府信息公开年度报告--郑州市金水区人民政府政府信息公开</title>
</head>
<body>
<div class="header"><a href="/"><img src="/images/logo.png" alt="郑州市金水区人民政府"></a>
<span class="site-name">郑州市金水区人民政府</span></div>
<div class="main">
<form method="post" action="./List.aspx?cid=45" id="form1"><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="JjWlzLmc4WronvIo9NgXSaRpmuNSLKAXIV7BEpERcq0mNaXMuZzhauie8ij02BdJpGma41IsoBchXsESkRFyrQ==" /><h2>政府信息公开年度报告</h2><table id="GridView1" class="list"><tr><td><a href="Detail.aspx?cid=45&amp;id=964342" target="_blank">郑州市金水区人民政府办公室2023年政府信息公开工作年度报告</a></td><td>2024-01-25</td></tr><tr><td><a href="Detail.aspx?cid=45&amp;id=962024" target="_blank">郑州市金水区人民政府2022年法治政府建设年度报告</a></td><td>2023-01-30</td></tr><tr><td><a href="Detail.aspx?cid=45&amp;id=961128" target="_blank">关于报送2022年政府信息公开工作年度报告的通知</a></td><td>2023-01-26</td></tr><tr><td><a href="Detail.aspx?cid=45&amp;id=960189" target="_blank">郑州市金水区人民政府政府信息公开指南</a></td><td>2023-01-19</td></tr><tr><td><a href="Detail.aspx?cid=45&amp;id=959390" target="_blank">郑州市金水区人民政府2023年政务公开工作要点</a></td><td>2023-01-14</td></tr></table><div class="pager">共14条 第1/3页 <span>1</span> <a href="List.aspx?cid=45&amp;page=2">2</a> <a href="List.aspx?cid=45&amp;page=3">3</a> <a href="List.aspx?cid=45&amp;page=2">下一页</a></div></form>
</div>
<div class="footer"><p>主办：郑州市金水区人民政府办公室　网站标识码：4101050001</p>
<p><a href="http://www.gov.cn/" target="_blank">中国政府网</a></p></div>
</body>
</html>
