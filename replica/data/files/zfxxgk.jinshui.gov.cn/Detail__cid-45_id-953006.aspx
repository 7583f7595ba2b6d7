<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="SiteName" content="郑州市金水区人民政府">
<meta name="SiteDomain" content="www.jinshui.gov.cn">
<meta name="SiteIDCode" content="4101050001">
<meta name="ArticleTitle" content="关于做好2019年度政府信息公开工作年度报告编制发布工作的通知">
<meta name="PubDate" content="2020-01-15 14:14">
<meta name="ContentSource" content="郑州市金水区人民政府">
<meta name="ColumnName" content="政府信息公开年度报告">
<title>关于做好2019年度政府信息公开工作年度报告编制发布工作的通知</title>
</head>
<body>
<div class="header"><a href="/"><img src="/images/logo.png" alt="郑州市金水区人民政府"></a>
<span class="site-name">郑州市金水区人民政府</span></div>
<div class="main">
<form method="post" action="./Detail.aspx" id="form1"><input type="hidden" name="__VIEWSTATE" value="eJs23bhYsFTRm7EGJRB6EFrJ8ejdkJ0mg0j7QZZYmvB4mzbduFiwVNGbsQYlEHoQWsnx6N2QnSaDSPtBllia8A==" /><table class="xxgk-meta"><tr><td>索引号：</td><td>11440003348462740X/2020-55070</td><td>发布机构：</td><td>郑州市金水区人民政府</td></tr><tr><td>成文日期：</td><td>2020-01-12</td><td>发布日期：</td><td>2020-01-15</td></tr></table><h1>关于做好2019年度政府信息公开工作年度报告编制发布工作的通知</h1><div id="content" class="content"><p>关于做好2019年度政府信息公开工作年度报告编制发布工作的通知</p><p>为做好本年度相关工作，根据上级部署要求，结合本单位实际，现公布如下。</p><p>一、总体要求</p><p>坚持以人民为中心，依法依规做好各项工作。</p><p>二、主要内容</p><p>（略）</p><p style="text-align:right">郑州市金水区人民政府</p></div></form>
</div>
<div class="footer"><p>主办：郑州市金水区人民政府办公室　网站标识码：4101050001</p>
<p><a href="http://www.gov.cn/" target="_blank">中国政府网</a></p></div>
</body>
</html>
