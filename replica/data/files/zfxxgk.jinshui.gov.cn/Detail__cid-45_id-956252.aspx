<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="SiteName" content="郑州市金水区人民政府">
<meta name="SiteDomain" content="www.jinshui.gov.cn">
<meta name="SiteIDCode" content="4101050001">
<meta name="ArticleTitle" content="郑州市金水区人民政府办公室2021年政府信息公开工作年度报告">
<meta name="PubDate" content="2022-01-11 09:21">
<meta name="ContentSource" content="郑州市金水区人民政府办公室">
<meta name="ColumnName" content="政府信息公开年度报告">
<title>郑州市金水区人民政府办公室2021年政府信息公开工作年度报告</title>
</head>
<body>
<div class="header"><a href="/"><img src="/images/logo.png" alt="郑州市金水区人民政府"></a>
<span class="site-name">郑州市金水区人民政府</span></div>
<div class="main">
<form method="post" action="./Detail.aspx" id="form1"><input type="hidden" name="__VIEWSTATE" value="BnZ3BmZU+21zw0x9yuK3pCoI48soeK31d2eWyPoACPoGdncGZlT7bXPDTH3K4rekKgjjyyh4rfV3Z5bI+gAI+g==" /><table class="xxgk-meta"><tr><td>索引号：</td><td>410105-2022-10980</td><td>发布机构：</td><td>郑州市金水区人民政府办公室</td></tr><tr><td>成文日期：</td><td>2022-01-06</td><td>发布日期：</td><td>2022-01-11</td></tr></table><h1>郑州市金水区人民政府办公室2021年政府信息公开工作年度报告</h1><div id="content" class="content"><p style="text-indent:2em">郑州市金水区人民政府办公室2021年政府信息公开工作年度报告详见附件。</p>
<p>附件：<a href="/UploadFiles/202201/2022011109212520.pdf">郑州市金水区人民政府办公室2021年政府信息公开工作年度报告.pdf</a></p>
</div><div class="fj">相关附件：<p><a href="/UploadFiles/202201/2022011109212520.pdf">郑州市金水区人民政府办公室2021年政府信息公开工作年度报告.pdf</a></p></div></form>
</div>
<div class="footer"><p>主办：郑州市金水区人民政府办公室　网站标识码：4101050001</p>
<p><a href="http://www.gov.cn/" target="_blank">中国政府网</a></p></div>
</body>
</html>
