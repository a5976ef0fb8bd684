ella siempre abrirá el libro la próxima semana .
él escucha a Sofia para este granjero .
doce mujeres amables visitan su museo por la mañana .
había un tenedor famoso debajo de tu pelota .
tú escribirás las tarjetas tranquilas cerca de sus parques .
tú no puedes saltar cerca de sus iglesias abiertas .
Miguel dibujó los museos .
tú no los ves .
las enfermeras amables de Sofia fueron a un puente otra vez .
ella es gris .
tú cerrarás nuestros libros para ellos el próximo año .
Carlos y Ana esperan a Ana .
la tortuga de Miguel no bebió la leche con ella .
había quince lápices al lado de diecinueve ríos muy modernos .
las tías listas de Pedro quieren viajar a las tiendas .
mi vaca durmió .
había un bolígrafo gris cerca de catorce pianos y nosotros tocaremos las guitarras nuevas para Ana .
ella saltará cuando yo recibo su tarjeta todos los días .
los tíos de Carlos quieren abrir ocho ventanas .
él tendrá los coches .
tú escondiste tu flor delante de dos sillas .
él es amable , pero ellos no necesitarán la carne .
había siete teléfonos viejos debajo de la canción .
¿ dónde está él ?
los hijos muy ricos de Sofia no abrieron las bolsas .
ella llamó a un abogado , pero tú no nadarás .
yo necesité queso aquí cuando diecisiete madres querían recibir muchos billetes .
ellos hicieron las ensaladas .
¿ dónde está su conejo muy negro ?
su panadero lento ayudó a Juan rápidamente .
yo necesito las camisas .
Lucia y Carlos gritarán el próximo año .
tu abogado siempre abrirá una caja .
Maria y dieciocho panaderos trabajan .
Pedro y Juan eran grandes .
ella compra mi plátano .
tú rompiste los periódicos deliciosos de Pablo al lado de trece vasos bien .
¿ dónde estarás tú ?
Sofia y Juan usan el juguete de Pedro .
Elena y el hombre muy sucio de Pedro no pueden dibujar siete gatos .
ella puede preparar la ensalada , pero nosotros estábamos en un castillo .
los panaderos no están debajo de las tarjetas .
tú no querías tocar los pianos .
su árbol estará en BBC .
esas serpientes nunca rompen sus juguetes .
ella estará triste y mi tío cocina la pera .
nosotros viajaremos a Toronto .
ella será muy roja y yo siempre lloré .
Ana no comió queso .
él escribió quince tarjetas , pero tu niño estará delante de este mapa malo .
el camarero salta .
los vecinos no estaban en UNESCO .
tú estarás en mi mercado .
ellos vivieron .
yo nunca uso la toalla cuando nosotros no cantamos .
los hermanos limpios siempre bailarán con Elena y su escritor sucio vivirá .
yo puedo nadar .
el arroz era dulce cuando ellos estaban al lado de esa carta morada .
él es rápido y yo esperé el tren lleno la semana pasada .
un pintor y Juan cantan delante de la pelota blanca .
tu padre necesitará un plátano .
cuatro niños muy divertidos corrieron a ocho calles .
la tía no dormirá en BBC , pero nosotros siempre dormimos con diecisiete caballos .
¿ dónde está tu pintor sucio ?
una mujer vivió debajo de sus camas buenas por la mañana .
una tía siempre descansó aquí .
el tío y Juan visitarán a Diego .
tú no recibes el billete largo hoy , pero yo siempre saltaré con los escritores .
ella baila rápidamente .
él pintó un lago .
las manzanas no estaban al lado de este hotel porque Diego era muy divertido .
nosotros podemos necesitar un bolígrafo muy viejo .
los hijos rápidos bailarán .
ellos no saltaron cuando una abuela lavó las hormigas feas .
los médicos abrirán la carta alta otra vez .
la isla no es muy dulce cuando su abogado es divertido .
había seis monos al lado de sus hospitales .
ellos siempre la miraron .
Carlos estará en tres granjas moradas .
sus niñas jóvenes viajaron a la isla .
Diego será grande porque Sofia y Elena eran pequeñas .
los cantantes de Diego visitaron los bosques para ellos .
el padre de Carlos querrá el tigre de Juan debajo de dos bolsas .
ellos siempre lloran por la mañana .
sus restaurantes serán muy grises .
nosotros dibujamos a Carlos .
nosotros cocinamos el pescado por la mañana .
él era amarillo .
ella puede compartir el té .
los pintores de Carmen cocinaron la sopa morada , pero habrá unas camisas detrás de seis teléfonos .
los reyes de Sofia viven detrás de siete mercados sucios por la mañana .
la abuela tomó ese tren por la mañana cuando tú no puedes dormir detrás del piano .
ella no será muy pobre .
tú no encuentras su bolsa cerrada delante de sus habitaciones .
nuestra cabra no estará cerca de un periódico .
había una flor famosa en su cocina morada porque los padres van a quince bancos vacíos por la noche .
una reina estaba debajo del río muy bueno y Elena y tu padre lento estarán listos .
un vecino nunca pinta una calle .
él no era muy divertido .
yo nunca escucho a Pablo .
Sofia y quince hermanas no comerán la carne de Lucia debajo de diecisiete relojes .
Pablo y Carmen no lloraron para este hombre .
el médico no quiere ir a sus hospitales malos .
ella puede cocinar el pan .
ella era alta , pero un abuelo siempre encuentra a Carlos todos los días .
nosotros bebemos jugo .
¿ dónde estarán Diego y Carmen ?
ese gato encontró el león para él .
ella puede viajar a nueve aeropuertos .
ellos saltaron en BBC por la mañana .
Pablo y Juan saltan ahora .
tu rey importante nada , pero un niño lanza las llaves fáciles en diecinueve aeropuertos rotos .
un cocinero feo siempre toca nuestras guitarras por la mañana .
Elena siempre irá a Lima .
los sándwiches verdes serán grises .
él recibió las cartas ayer .
mis hijas negras prepararon su fresa .
Miguel es importante , pero nosotros viajamos al museo .
su mujer marrón descansará al lado del sombrero .
nosotros queremos mi hormiga y él estudia un libro .
las niñas trajeron la llave de Miguel , pero un vecino cansado puede vender nuestro oso .
el cantante bailó para él .
los abogados no hacen cuatro sillas .
ella siempre encontró a este camarero porque las enfermeras nunca vivirán debajo de su coche lentamente .
un padre muy pequeño limpiará esa botella cuando ese niño aprende una canción difícil todos los días .
las serpientes muy rojas y Diego llegarán y nosotros estaremos sobre la manta .
su panadero muy tranquilo come el vino de Diego .
ellos pueden ayudar a Carlos cuando una reina grita sobre veinte llaves .
ellos nunca llevarán el vino divertido .
tú lanzas el zapato para Carmen todos los días .
había un niño al lado de muchos restaurantes porque nosotros no gritamos al lado de esta silla otra vez .
¿ dónde estará tu abuela ?
una abuela no lanzará el sombrero .
Lucia y una hija muy amable corrieron a Chicago .
un profesor abrió una carta para los pintores malos por la noche y el abogado gris lo llamará .
las niñas rojas abrieron un libro porque los panaderos necesitaron la galleta famosa el año pasado .
tú no llevas el arroz muy limpio para UNESCO aquí , pero una canción es verde .
el queso no es muy negro .
tú caminaste y ellos escondieron el sándwich caliente de Ana .
Diego no será rojo porque dieciocho niñas querían saltar .
los granjeros buenos no trabajaron .
una hija pintará las calles .
los caballos de Elena ven a los hijos .
nosotros comemos tu té .
tú tienes un tren .
tú quisiste una fresa muy hermosa para ella lentamente .
nosotros iremos a mi isla cuando catorce casas feas están vacías .
ella quiere pintar las islas de Ana .
sus hermanas trabajaron .
nosotros no queremos comprar los zapatos .
una rana famosa nunca caminará a esta isla .
habrá dieciocho granjeros en Lima y Ana llega a la escuela rota .
el coche de Lucia era difícil .
un profesor mira a Ana por la mañana .
ellos no cocinan el chocolate de Carlos con Carlos ahora .
ellos reciben los regalos muy rápidos de Elena .
habrá una computadora verde detrás de seis cuadros .
un estudiante buscará a mis hermanas negras en una playa famosa .
ella no prepara esa leche por la mañana .
Pablo estaba sobre tu computadora cuando los gatos estaban delante de las cajas .
¿ dónde estaba él ?
yo no escribo la carta con nuestra ballena lenta bien .
yo siempre busqué los juguetes hoy .
ellos cerraron una caja delante del hospital la semana pasada cuando tú nadas todos los días .
su pájaro muy hermoso siempre nadó .
nosotros no cerramos nuestra bolsa azul en tres lagos por la noche .
el estudiante lavará el lobo para ellos .
nosotros lloraremos , pero mi tomate blanco está cerca de su habitación .
Pablo salta .
Pedro y Sofia siempre necesitarán tu tomate moderno .
su sopa estará detrás de seis islas .
el profesor limpio pinta dieciocho mesas cuando los hombres siempre cantaron .
su gato y Ana buscarán a Diego .
los profesores pueden usar el espejo de Diego .
ellos estarán cerca de nuestro autobús largo .
su rey llamó a once hijas .
¿ dónde está la llave de Maria ?
nosotros tomamos los juguetes .
yo pinté su escuela cerca del billete .
un cantante no tuvo su vela .
tú estás al lado de su hotel porque él no gritará .
nosotros escribiremos estos libros para nosotros , pero Lucia y Carmen serán importantes .
las tarjetas muy frías eran fuertes y él gritará .
tu vecino baila .
el teléfono marrón estará listo porque nosotros abrimos la puerta .
habrá cuatro sillas detrás de un plato , pero Elena siempre vivirá cerca de siete pueblos mucho .
nosotros siempre hicimos su sopa .
Diego y Ana estudiaron este libro .
tu niña puede trabajar debajo de mi cama .
Carmen y Carmen no son muy divertidas .
él quería tener la araña divertida .
nosotros no cerramos una ventana .
¿ dónde está Carlos ?
hay una cabra detrás de un vaso blanco y tu hombre trabajó hoy .
el oso era muy débil .
Diego no puede hacer siete pizzas porque yo nunca aprendí las canciones .
el banco era muy verde .
veinte pintores miraron el sombrero pequeño de Diego porque ese hijo limpio hace la pizza divertida otra vez .
Juan y Diego no descansan hoy .
ellos no correrán la próxima semana .
ellos nunca saltaron con Carlos por la mañana , pero Juan no quiere preparar el jugo de Maria .
ella lanzará el sombrero y el conejo saltará detrás de tu juguete .
el panadero rojo de Carmen quería lavar las cajas nuevas .
Pedro y Juan siempre saltaron debajo de los bosques .
¿ dónde está el barco lleno de Ana ?
ella escribió esa canción cuando ocho tías limpian diecinueve periódicos .
habrá una hormiga detrás de su pueblo .
nosotros pintamos la casa bien , pero ella estaba contenta .
nosotros estábamos en las oficinas .
yo llamo a los amigos de Carmen detrás de la escuela .
quince hermanas enojadas comparten su cuchillo cerrado por la mañana porque yo escribo una canción .
tú necesitaste quince zapatos muy fríos .
la sopa estará delante de mi playa .
nuestras reinas siempre tendrán el jugo muy dulce .
yo no quiero pintar catorce cocinas lentas porque había un granjero listo en Lima .
había cinco teléfonos en una isla cuando ella es muy amarilla .
¿ dónde estaban Lucia y ese escritor ?
ella comprará un tenedor .
Lucia y Ana saltaron cuando su profesor no dibujó mis ranas .
hay diecisiete patos sobre una cuchara .
ellos pueden viajar a Lima .
habrá un cantante divertido delante de su puente porque Pedro y Carlos estarán en IBM .
Maria y Miguel no quieren encontrar a diez cantantes y los pasteles estarán en una isla .
las niñas divertidas quieren nuestro león porque catorce niñas pueden amar a Ana .
el chocolate divertido estaba en sus bancos .
Pablo y Carlos no llamarán a Juan cuando hay diez búhos sobre las lámparas .
un jardín blanco será pequeño , pero tú lloras con Miguel por la mañana .
Carmen y Sofia lavan tu pato .
una enfermera no escuchó a Miguel .
ellos nunca limpian los lagos cerca de su museo .
nuestro cantante no compartirá su periódico muy limpio con ellos porque Pedro y una hermana son negros .
yo escondo una tortuga tranquila en catorce ríos verdes .
yo no comparto dos naranjas al lado de la bicicleta .
un hospital no era negro .
¿ dónde estaban ellos ?
Miguel no vivió .
mi enfermera escondió la bicicleta sobre el restaurante negro .
el elefante nadó cerca de la guitarra muy fea .
los médicos feos no querían amar diecisiete serpientes muy rápidas .
nosotros no comeremos el huevo alto .
él no quería lanzar siete galletas fuertes porque las hermanas compartieron las patatas .
él recibió el libro para el rey .
los padres negros comprarán arroz la próxima semana porque ellos aman una tortuga ahora .
una hermana y su oso pobre no estarán debajo de las puertas feas .
Ana y Carlos vieron a Maria .
ella siempre cocinó tu pizza fuerte .
este vecino rojo grita , pero nosotros no estamos en el puente .
él hizo la sopa .
Lucia y Ana vivieron con ellos porque las mujeres querían caminar a tu playa .
diecinueve abejas están detrás de este mapa .
tú rompes las pelotas rápidas para Carlos .
las playas tranquilas no son famosas .
los cocineros rápidos nunca buscan un tigre hoy .
ella beberá mi jugo con sus hormigas .
había pan grande en Toronto .
yo siempre escondí unos leones lentamente .
una mujer es fuerte .
había un caballo hermoso delante de las guitarras .
ella amará veinte cabras por la noche y él nunca me amó por la mañana .
él esconde la cabra cuando tú viajaste .
¿ dónde está el hijo ?
un coche es muy delicioso .
ella no fue a una biblioteca por la mañana .
su estudiante me ama .
ella querrá las uvas .
ellos lanzan tu sombrero difícil rápidamente .
el limón es bueno .
tú corriste .
ellos nunca estudian un libro bien .
Ana y Elena rompen su libro aquí .
ella estaba al lado de una isla difícil .
él será bueno .
los vecinos listos quisieron nuestro león .
Carlos y Maria aman a un panadero detrás de una casa .
sus abuelas no dibujaron a mi médico la semana pasada .
yo no viví sobre las cámaras verdes el año pasado .
un panadero tranquilo me encuentra rápidamente .
nosotros siempre fuimos a su isla .
los lagos serán muy importantes porque él estará contento .
Pedro y Ana esperarán un avión rojo con ellos , pero una hija siempre llevó la tarjeta .
yo rompo un reloj detrás de su sombrero cuando ella tomó una manta rota cerca de ese libro bien .
ella escuchará a su rey .
yo nunca usaré los autobuses azules de Diego con sus elefantes .
este abuelo corrió a dieciocho escuelas muy largas .
un niño no caminó a Chicago .
los ratones viejos son buenos .
la cama estará rota .
el granjero contento grita en un banco rojo .
ellos quieren este jugo .
los granjeros muy tristes irán a Madrid .
ella viaja a un bosque lento hoy .
el cocinero quiere el libro muy caro al lado de cinco cartas rápidamente .
nosotros viviremos hoy .
nosotros escucharemos a Pablo .
las escuelas de Carmen no estaban vacías y tú nadarás sobre diez bicicletas .
hay diecinueve velas sobre el jardín muy delicioso .
un vecino toma su pescado ahora .
yo no nadé ayer .
Pablo y Carmen no abrieron trece cartas con las niñas tranquilas .
nosotros no gritaremos en IBM lentamente .
el tío viejo está debajo de este sombrero porque las tías cerrarán las ventanas para diecinueve hermanas .
ellos comprarán tu bicicleta , pero el niño y Pablo bailaron .
sus cocineros jóvenes y siete hijos muy grises no van a cinco casas .
ella no estaba muy enojada , pero los vecinos tocan seis guitarras .
una cámara caliente no está en mi playa muy buena .
había catorce tíos delante de la montaña azul .
nuestro hermano está detrás del teléfono .
Ana siempre gritará .
yo llegaré a Chicago la próxima semana .
nuestro panadero llega a su estación .
diecinueve granjeros limpiaron los castillos nuevos al lado de la tarjeta .
el abuelo compartirá los vasos en diecinueve castillos .
nuestro panadero quiere estudiar el mapa .
¿ dónde están los hijos ?
la abeja no está debajo de los castillos cuando nuestro periódico era famoso .
tú encontraste siete lobos debajo de seis cuchillos sucios lentamente .
un abogado visita a los camareros limpios y los hombres son muy jóvenes .
nosotros siempre te encontraremos para su hombre .
Carmen no está debajo de tu autobús y yo nunca grito .
los hombres negros de Pedro estarán cerca de mi bosque cuando hay un oso debajo de su iglesia buena .
Juan y Diego pueden cocinar las zanahorias .
él era bueno y su abeja descansa aquí .
yo siempre bailé detrás de tu puerta blanca por la noche .
nosotros lanzamos tu sombrero difícil en NASA .
yo voy a una oficina allí porque los reyes nunca nos visitan .
tú no pintas la iglesia de Maria y ella está contenta .
nosotros llegamos porque una abuela puede romper un árbol .
Carmen y una serpiente caminarán a Boston la próxima semana .
yo llegué .
él será muy rojo .
un camarero muy amarillo no puede cocinar la sopa rota de Carmen .
Ana nunca esperó los trenes limpios para veinte camareros aquí .
ella es tranquila .
once hijas trabajarán .
los hermanos escucharán a Sofia .
Carmen no puede compartir la camisa .
¿ dónde estará un búho sucio ?
los ratones cansados y Pedro están muy limpios .
ella querrá nuestros anillos .
él era negro .
¿ dónde están las botellas ?
Carmen y una naranja son famosas porque la niña llamó a la tía lentamente .
ellos querían aprender una canción .
el búho nadó sobre tus juguetes listos por la mañana .
su hijo puede saltar debajo de un banco y ellos nunca usarán el lápiz delicioso para ellos .
hay queso .
una reina beberá el jugo de Sofia porque tú puedes llegar a esa escuela .
sus tíos abren una carta gris con el pájaro .
él será bueno , pero nosotros lanzamos las galletas muy baratas .
¿ dónde estaré yo ?
sus búhos estarán en las escuelas .
¿ dónde estaban ocho canciones nuevas ?
el vecino canta con la serpiente .
yo grito cerca de tus pelotas .
Miguel y el jugo caro de Maria eran divertidos y ella no grita cerca de quince camas .
yo no bailaré .
hay un abogado cerca de un aeropuerto .
dos pájaros buscaron el regalo sobre esta caja deliciosa .
tú siempre bailarás para Sofia el próximo año .
el amigo gritará cerca de la puerta .
Pedro y Juan pueden gritar .
los vecinos abren nueve tiendas todos los días .
Lucia y Carlos estaban cerca de su oficina deliciosa porque tus enfermeras tocaron ocho pianos muy calientes .
tú siempre vivirás .
Carmen y Carmen estarán detrás de las guitarras .
ella va a las iglesias fuertes .
había unas cucharas en Toronto .
ella nunca quiso las fresas .
Lucia y Ana pueden tocar una canción y un rey no quiere beber su jugo muy listo .
nuestras enfermeras van a mi ciudad .
yo no estaba debajo de su anillo .
había una cuchara amarilla al lado del vaso , pero nuestro chocolate estará debajo de dos bicicletas .
diecinueve perros no serán marrones y Elena dormirá el próximo año .
el cantante enojado quiere viajar a Chicago .
nosotros recibiremos el regalo morado .
una hormiga quiso los relojes .
ellos siempre lanzan su manzana .
mi granjero bueno no tendrá un tren rápido .
veinte guitarras eran tranquilas .
ella llora para Juan .
un rey muy rico trajo tus vestidos para las niñas .
Lucia y Elena buscarán sus cabras pequeñas .
hay un anillo cerca de nuestro banco porque una tía canta todos los días .
ellos estaban debajo de su hotel .
hay dieciséis cantantes hermosos en una playa .
este hermano descansa al lado de esta bolsa porque muchos vecinos ricos quieren visitar a Carmen .
Elena nunca quiere las botellas .
había pescado cerca de diecisiete computadoras , pero él es muy hermoso .
él era blanco .
las niñas nunca comparten una lámpara amarilla detrás de las cocinas por la mañana .
yo nunca ayudo a catorce madres ahora porque yo no estaba debajo de los sombreros .
los estudiantes amables comieron la fresa de Pablo .
ella no era inteligente .
tú querías ayudar a Elena .
tú llegarás la próxima semana .
una tía no dibuja a dieciséis hermanos cuando Carmen no recibe las tarjetas sucias con Pedro por la noche .
ella no llora hoy y habrá ocho cuadros sobre una camisa sucia .
él tocará el piano blanco rápidamente cuando tú no compraste el chocolate .
yo no veo las tortugas amables con Juan .
el granjero de Elena no bebió el vino .
la granja limpia era grande y este caballo listo estará en la ciudad .
ellos pueden abrir las bolsas .
los abogados vendieron sus gatos .
tú puedes dibujar a Diego .
los camareros de Diego serán lentos .
él está al lado de tu aeropuerto lento porque hay una tarjeta importante cerca del río .
ella miró a Ana .
las arañas amarán a un camarero bueno mañana .
ellos no fueron a cinco castillos .
un padre débil cocina un limón .
ocho leones no serán muy lentos .
ella es grande .
ella no es importante .
tú quieres descansar .
catorce mujeres viejas vivieron .
Juan quiere beber su leche porque tú querías necesitar los autobuses .
nuestros abuelos estudiaron el mapa caro .
Juan y el rey pueden escribir los libros .
Pedro estará enojado cuando ellos siempre quisieron la llave .
Carmen amará a Sofia .
el abogado no quería cantar .
nosotros vamos a mi hospital .
había un espejo en Boston .
muchas cabras rompen los juguetes todos los días .
ellos nunca buscarán a un cantante .
tú estarás delante del mapa limpio .
ella estará sobre cinco jardines .
un panadero nos ayudó .
yo quería necesitar un barco morado , pero él era marrón .
Lucia no viaja a mis tiendas .
nosotros llegaremos a los jardines .
un pintor cantará contigo .
el hermano negro no la vio al lado de la computadora , pero nosotros vivimos .
nosotros usaremos mi lápiz abierto .
veinte elefantes rápidos saltaron porque un granjero quiere mirar un zorro .
el cocinero de Diego toma el avión caro por la mañana .
hay una computadora cerca de trece vestidos pesados cuando hay un limón debajo de una llave .
había arroz blanco cuando un niño muy limpio siempre vio una lámpara otra vez .
diecisiete abejas estaban muy cansadas .
ella estaba contenta cuando la madre cerró los libros de Elena .
los niños aprenderán la canción .
nosotros no te amaremos .
Diego estaba en un banco .
las hermanas no saltarán porque ella no estará al lado de quince coches .
tú lloraste .
un pintor feo quería pintar un reloj nuevo cuando Pablo y un escritor estaban al lado de un barco .
el amigo débil de Maria viaja a veinte islas .
Ana estaba en tu aeropuerto .
ellos no pueden encontrar a un abuelo listo .
ellos no aprenderán una canción .
tú puedes llamar a una hermana .
este tío puede limpiar la estación .
ella no cerró sus libros .
las reinas y Diego lanzarán la galleta para Miguel bien , pero mi hermano venderá dieciocho ventanas .
ellos nunca cantarán con él .
tú gritarás .
su vela no estaba caliente .
dieciocho mujeres no dormirán sobre los vestidos .
el escritor muy lento trabajó en dieciséis aeropuertos y el niño de Carmen estará en los pueblos .
las mesas limpias estarán debajo de la llave larga .
hay seis cuchillos llenos detrás de una iglesia .
los vecinos tocaron la canción .
él nunca llegará a ese puente nuevo .
su abuela puede visitar los jardines .
él siempre visita a Miguel detrás de los sombreros porque los profesores de Maria lanzaron mi manzana ayer .
tú no puedes llegar a mis islas .
Diego y Diego siempre verán la iglesia hoy .
tus tenedores no son grandes .
tú siempre miras la botella de Diego por la mañana .
Maria no te encuentra y Maria y Diego serán fuertes .
Diego y Juan esperaron a Lucia debajo de un reloj rojo .
Lucia cerrará la tienda .
él será muy amable .
ellos descansan contigo otra vez , pero ellos tendrán una computadora sucia .
Miguel y las patatas estaban sobre veinte hospitales , pero hay un león triste debajo de una cuchara .
ella no era débil .
un gato no mira a Sofia para los médicos .
¿ dónde está ella ?
este abuelo nadará en NASA por la noche .
yo nunca beberé el jugo de Maria .
ella estaba contenta .
el profesor listo era importante cuando la enfermera lista de Juan nunca bailó delante de la lámpara muy rápida .
hay ocho hermanas detrás de nuestra oficina .
su pintor joven esperó los aviones de Diego .
¿ dónde estaremos nosotros ?
un panadero negro nunca limpió la ciudad importante porque yo viví .
él lloró .
¿ dónde estará su hormiga negra ?
ella usó el árbol de Miguel .
Miguel lavará nuestra ballena débil con nosotros .
tú quieres cerrar nuestro libro .
un abogado quiere usar su silla rota .
la uva estará fría .
ellos reciben una carta .
¿ dónde estará su hija ?
los abogados de Carmen escribieron los libros .
había una lámpara muy morada debajo del jardín rojo .
el lobo malo estaba triste .
Lucia no nadó debajo de nuestra playa .
¿ dónde estaban mis ventanas marrones ?
el cantante vivirá .
yo caminé a las cocinas ayer .
la reina escondió la patata fea de Juan para el vecino .
habrá dieciocho pintores viejos en los hospitales hermosos .
mi amigo nunca encuentra un perro para Juan y él será muy negro .
yo cantaré aquí , pero yo quiero pintar unos pianos .
ella grita al lado de ocho zapatos .
la abuela no nadará .
ellos estarán delante del zapato fácil .
el abuelo nos llama delante de la camisa .
esa carta no estaba rota .
los cantantes recibirán una tarjeta .
unos médicos prepararán su leche hoy , pero él nunca bailó por la noche .
yo quiero cocinar la ensalada .
Carmen estará detrás de catorce calles .
un rey rico no ayudará a Sofia .
un padre no lanzó esta llave .
el cuchillo será muy blanco , pero la hermana muy grande nadó sobre los cuchillos calientes hoy .
Elena puede traer doce ensaladas , pero había una pelota mala en un banco .
Lucia nunca preparó su manzana importante para ti .
Sofia tuvo una caja lista .
un rey lanzó diecinueve zapatos marrones .
los escritores preparan las peras sobre un bolígrafo .
Elena y el pato rico estarán cerca de un billete .
cinco tíos pueden compartir las cajas .
nosotros podemos beber jugo , pero ellos no gritarán cerca de los árboles la próxima semana .
tu caballo corrió el año pasado .
hay una pizza al lado de una playa .
tú no estabas en un hospital .
ellos usan las flores baratas .
ese tío vive .
ella era rápida .
Maria y el vecino de Carlos preparan esta galleta , pero un pintor ama a Carmen .
ella estará enojada .
hay cuatro tortugas sucias delante de mi calle fea .
él visitará a un cocinero .
el estudiante de Maria siempre prepara sus plátanos listos detrás de tu manta pesada .
Carmen no estaba sucia .
seis árboles sucios estaban debajo de un aeropuerto .
¿ dónde estarán Ana y Pablo ?
Ana será divertida .
ellos llegan a la habitación azul .
el abuelo nunca nadó lentamente .
los hombres importantes encontraron a Carlos con Diego .
tú lo esperarás cuando los vecinos tocaron la canción caliente ayer .
este panadero fuerte estará al lado de los aviones .
¿ dónde estaba su flor ?
yo viajo todos los días .
él no era lento .
Maria camina a tu granja .
él está detrás de una toalla .
su rana estaba detrás de siete montañas cerradas .
esa hermana y Sofia tomarán diecinueve huevos muy pesados .
yo no hice su mesa .
nosotros querremos esta carne para Sofia .
nosotros lavamos una cabra muy mala .
su abuelo nunca lleva una botella todos los días .
los estudiantes usaron siete tenedores cerca del parque hoy .
Ana y los leones dormirán mañana y él nada .
yo corrí a mis playas amarillas la semana pasada .
el médico quiere gritar .
ellos visitaron a Miguel .
Diego será pequeño cuando el cocinero joven nunca descansa .
habrá diecinueve caballos en NASA .
yo no visito Chicago .
un pintor nunca correrá a las playas .
este profesor trae el teléfono , pero un búho no llega .
tú estás en cuatro cocinas largas .
yo no abriré la puerta fuerte de Carmen allí y Juan y Juan son importantes .
Pablo es importante .
los niños pintarán las tazas aquí .
él está cerca de las bibliotecas .
la reina trabajó debajo de la computadora fea por la noche .
tú cantaste y nosotros no ayudaremos a las madres malas .
tú siempre viajarás el próximo año .
hay una camisa debajo de mi mapa .
él espera a Juan con Carmen .
¿ dónde están doce vacas inteligentes ?
ella come la fresa cerca de las ciudades .
yo ayudaré a Pedro .
Maria y Elena quieren vivir .
él está muy listo .
yo siempre compartiré pan para un escritor alto .
ellos estaban en tu pueblo .
ellos tocaron las guitarras baratas .
Sofia esperó a Juan , pero la abuela nunca mirará al cocinero de Carmen sobre sus ventanas .
¿ dónde estaba yo ?
él usó su piano para NYU .
una reina cerrará nuestros libros y la tortuga hermosa será tranquila .
Sofia está en MIT .
Maria escribió su carta .
él no usa esos anillos por la noche .
sus panaderos ayudan a Juan .
las hijas siempre gritaron .
él quiere preparar la uva , pero su padre va a una iglesia nueva allí .
nuestra enfermera llamó a Pablo .
¿ dónde está Sofia ?
ella vendió el pescado .
el oso pobre estará sobre siete ciudades porque había una cabra en ocho granjas frías .
un estudiante divertido aprende la canción importante con su ballena .
él estudió un mapa sobre tu cámara .
ellos no usarán la puerta .
quince camareros limpios no quieren usar un bolígrafo nuevo .
el cantante camina .
él nunca cerró tu bolsa .
yo no caminaré a las casas .
tú estarás debajo de los cuchillos .
ella quiere romper su carta mala , pero el estudiante muy débil siempre viajará .
su tía pinta los árboles grandes , pero nosotros estábamos en dos oficinas .
tres granjeros esperan el avión .
nosotros bailamos en un puente y un amigo siempre trajo este jugo .
él lo escuchará .
yo viajé a los puentes deliciosos el año pasado .
hay un pato en NASA .
ella corre hoy .
trece aeropuertos famosos son fuertes cuando ella quiere escuchar diecinueve canciones .
Diego está enojado .
sus amigos estaban contentos .
once niños inteligentes no visitarán Lima .
él era rojo , pero yo saltaré .
hay un estudiante .
las reinas me miran detrás de su granja todos los días cuando ellos cierran las bolsas .
nosotros encontraremos un periódico la próxima semana .
yo trabajo en IBM porque ellos dibujarán mi botella .
ella siempre comerá mi fresa fea .
un camarero no visitó a once granjeros el año pasado .
la tía recibe veinte cartas por la noche .
el rey visitará al rey .
dieciocho amigos hermosos no traerán las galletas .
mi niño y Juan cantan aquí .
hay diecinueve estudiantes debajo de muchos mercados porque Juan y Juan no quieren beber vino .
las canciones estaban en Chicago .
él es muy famoso .
él no es muy famoso .
hay carne al lado de un autobús .
ella era famosa .
habrá trece zorros debajo de los cuchillos y ellos no reciben el billete otra vez .
un elefante está enfermo .
él no quiere escribir una tarjeta vieja .
tus patos serán rápidos porque había dieciséis cocineros famosos sobre sus anillos .
los reyes grises de Diego y Miguel son divertidos .
los médicos siempre los ven .
él será marrón .
Diego y Juan nunca abrieron las botellas .
yo siempre grito con su niño .
Elena va a Lima hoy .
nosotros lanzamos las galletas difíciles .
unos leones y los elefantes de Carlos no serán ricos .
diecisiete niños reciben la carta todos los días .
había un sombrero en Chicago .
ella no estudió los libros otra vez .
tres escritores y las tortugas sucias están en su río bueno .
Carmen y las mujeres no quieren amar al vecino .
¿ dónde estará Miguel ?
Diego y los perros saltaron cuando yo quería bailar .
un niño no llevará la mesa blanca .
él era viejo .
ella está en nuestro lago , pero tú cocinaste su uva aquí .
¿ dónde está mi hija ?
hay una caja sobre una escuela .
tú no gritarás en un restaurante muy pesado rápidamente cuando nosotros podemos preparar su ensalada .
ellos bailan al lado de catorce mapas por la mañana .
ella cerrará la caja cerrada .
ella necesitará un coche gris porque él estaba cerca de un puente .
el hijo no viaja a ocho pueblos cuando había un profesor detrás de las puertas .
él rompe seis llaves .
los restaurantes de Pedro son malos , pero él irá a diecinueve pueblos feos por la noche .
nuestra araña comió carne .
yo puedo bailar cerca de una ventana .
un profesor muy negro no visitó los bosques bien .
tú no estudias cinco libros morados , pero tú usas el árbol de Miguel .
la enfermera visitó a su hija detrás de tu restaurante ayer .
ellos fueron a la casa alta .
su niño famoso cocina jugo .
él estaba cerca de las tiendas frías .
una abuela famosa usa diez bicicletas .
estos cocineros no recibirán los regalos en la biblioteca barata .
una abuela quiere hacer la sopa famosa .
un tomate sucio y Pablo eran feos porque él beberá el café por la noche .
las arañas de Carmen no serán famosas .
ellos caminarán .
Pedro no era amarillo , pero yo no usaré tu puerta .
diez escritores están al lado de los museos porque los granjeros estaban cerca de los libros marrones .
tú compras el arroz .
un rey muy divertido no usará un sombrero roto .
él es muy gris y ella nunca tendrá los tomates de Sofia detrás de tu canción morada .
hay diecinueve tomates muy abiertos , pero dieciocho cocineros no quieren encontrar a ese cantante lento .
el café no está delante de los ríos .
sus enfermeras y Carlos no abrieron su ventana con los reyes .
ella dibujará ocho restaurantes para las enfermeras mañana .
las galletas estarán detrás de una tienda .
tú quieres lanzar esa pelota .
ellos ayudarán a esa abuela hoy .
un cocinero muy importante llora debajo de nueve ciudades hoy .
once ballenas eran altas .
su amigo cansado no puede comprar las uvas .
un pintor inteligente recibió la tarjeta para ellos .
la niña alta de Maria saltó detrás de su silla .
yo no cocino la carne .
las arañas no estarán muy enojadas .
este escritor no quiere necesitar un limón .
nuestro granjero cansado estará listo .
él no descansará en IBM .
la toalla sucia está muy fría .
mi niño estudiará nuestro mapa .
tú buscarás a Lucia .
esta abuela hermosa nada todos los días .
nuestro abogado escribirá tres canciones .
los camareros querían dormir .
tú corres otra vez .
un granjero siempre esperará a ese cantante listo para Lucia .
los monos son muy inteligentes .
una madre no comerá su pizza en un puente sucio .
tú nunca caminarás .
tú cierras los libros cuando ellos limpian el banco .
ellos siempre recibirán las cartas en MIT .
nuestras niñas jóvenes gritan porque Diego y la niña eran buenos .
¿ dónde estarán los hombres negros de Elena ?
ella estará ocupada .
él dibujará diecisiete montañas .
un granjero esperará a Lucia con siete leones muy feos cuando un limón era pequeño .
¿ dónde estaban los tigres viejos de Elena y Maria ?
el médico corrió porque su abuela buena visitó Boston por la noche .
él nunca grita en nuestro puente allí .
los tíos no caminaron .
esa abuela no usará un billete largo por la noche .
las cabras eran pequeñas .
ella puede correr a Boston .
él quería ver a Sofia .
mi médico tomará tu patata , pero había una uva en este lago .
el vino sucio será barato .
la madre cansada hace el sándwich pequeño hoy .
Lucia recibió las cartas azules con su ratón .
hay un padre en el hotel .
nosotros los visitaremos .
su niña romperá un sombrero otra vez .
las reinas muy famosas nunca verán mis autobuses caros mañana .
un hombre blanco escribirá la tarjeta .
tú compraste chocolate caro porque Carmen y Sofia querían querer sus búhos .
tú cerrarás una caja deliciosa hoy y ellos harán doce ensaladas .
un hijo amable quería llamar a la tía fea .
un padre puede correr a Boston .
ella comparte sus tenedores con Diego cuando había una reina joven en el puente bueno .
su hija está al lado de las mantas , pero ella siempre canta ahora .
¿ dónde estamos nosotros ?
los tenedores de Pablo no serán muy caros .
su médico puede compartir su puerta .
mi amigo lava su árbol .
nueve flores estarán muy limpias .
él es divertido .
yo encontraré a una hija al lado de las estaciones .
Diego compró la leche allí .
él no está contento y dieciocho hijas enfermas estaban sucias .
ella no quería hacer las mesas .
él salta rápidamente .
catorce cocineros llorarán .
él puede comprar su carta .
nosotros estaremos debajo del juguete .
mi ensalada no será tranquila .
Lucia y Carmen querrán las arañas viejas de Maria hoy .
ella quería necesitar la toalla tranquila .
él no será muy viejo y los niños venderán ese lobo .
yo siempre veo ese oso famoso porque los médicos no querían tener los anillos de Carlos .
Pedro no lo escucha cuando el niño nunca aprende una canción fuerte para estas enfermeras .
ella no era blanca .
él saltó cuando yo esperé dieciocho trenes .
ellos lavan una hormiga .
tú no lloras .
habrá sopa en nuestro restaurante .
nosotros no estamos detrás de los pianos rápidos .
esos niños siempre gritan debajo de la oficina .
ella era muy marrón .
una niña cerró una tienda para MIT cuando tú cocinas arroz al lado de esta granja por la noche .
el niño nunca duerme detrás de la canción allí porque ellos usarán tu guitarra moderna mañana .
Pedro comprará dieciséis limones con ese panadero .
nueve mujeres querían cerrar las cajas .
ella siempre lo llamará .
tú caminaste y ellos no bailaron .
tú no dibujarás su bolígrafo malo .
los pájaros tendrán su arroz delicioso en las calles .
ella estaba delante de quince aeropuertos porque habrá té pesado delante de nuestras cámaras .
Carlos y Miguel romperán su lápiz detrás de la guitarra morada cuando él está sobre el coche divertido .
él es bueno .
¿ dónde están Pedro y la abeja ?
los panaderos débiles y Miguel siempre fueron a Chicago , pero él duerme debajo de una toalla .
las niñas enfermas irán a sus casas .
nosotros necesitaremos las ensaladas .
nosotros no limpiamos el coche pesado por la noche .
Miguel cerrará las ventanas .
él quiere ayudar a un niño .
él será fuerte porque yo compraré seis ensaladas otra vez .
los cerdos están muy tristes .
cuatro mantas estaban en Chicago .
ellos viven ahora cuando él no llegó el año pasado .
hay una cama gris sobre un coche .
las hermanas grises no pueden ver los osos altos .
los profesores pobres y Carlos comieron el pan por la noche , pero nosotros lloramos para IBM mucho .
tus zanahorias limpias son divertidas .
ellos nunca correrán a las habitaciones .
los tíos trabajan , pero Lucia y su tía nadarán delante de muchos relojes altos la próxima semana .
un padre quiere tener una lámpara .
ella era vieja .
diecinueve coches eran buenos .
Diego abre esa caja .
¿ dónde están los elefantes ?
había veinte coches altos sobre ese juguete .
él esperará a Juan .
una hija nunca amará nuestro pato .
yo quiero ayudar a tu madre .
había un tenedor cerca de los mercados blancos .
los panaderos nunca escucharán a Miguel .
ella siempre viaja a Lima hoy porque Juan cantará delante de los hospitales .
ella puede dormir .
¿ dónde estaba la vaca ?
sus conejos nunca nadaron por la noche .
tú tocaste los pianos .
diecinueve abogados querían estudiar los mapas .
ella estará muy enojada porque un zorro bebe vino .
Juan trabajará con nosotros .
Lucia y este conejo sucio nadarán .
hay una lámpara , pero tú usaste un reloj cerrado la semana pasada .
ellos están al lado de tu pueblo cuando las ensaladas vacías de Carlos estaban llenas .
sus vecinos querían dormir porque había nueve leones tranquilos .
los médicos blancos de Elena y Lucia pueden tener leche .
¿ dónde están los conejos tristes ?
siete cabras no esconden mi tortuga para BBC .
nosotros dibujamos los restaurantes pequeños de Carmen para mí .
las tías negras cierran la caja de Carmen .
los niños muy inteligentes querían escuchar a unos niños .
once tías eran muy jóvenes .
ellos estudiarán un mapa porque la abeja es alta .
yo compartí una toalla gris en su calle .
un amigo bueno ayudará al granjero aquí .
esos pintores enojados no traerán su pescado lentamente cuando hay catorce cuadros en los museos muy rotos .
él estaba en MIT .
tú estabas en Toronto .
el panadero no necesitó mis lápices .
nosotros miramos a Lucia .
¿ dónde estará ese zapato viejo ?
la hija viajará .
nosotros estudiaremos el libro en Toronto el próximo año .
los padres eran ricos .
dos mujeres ocupadas compartirán nuestra naranja en las oficinas deliciosas .
Pedro y Sofia estarán enfermos cuando siete vacas muy marrones no eran negras .
habrá diecisiete tomates delante de las ventanas .
tus cantantes quieren nadar porque Sofia nunca limpió el jardín tranquilo de Elena lentamente .
hay una tarjeta .
ocho madres necesitaron esa llave .
ella estaba enojada .
los cantantes llegan .
tú nunca cerraste una tienda por la noche y la hermana muy triste escondió las cucharas la semana pasada .
ellos vivirán y Sofia y Elena son muy ricas .
tú esconderás este cerdo .
yo escribo un libro .
yo comí carne .
un abogado quería llamar a Pablo .
Maria y Elena estudiaron el mapa blanco .
su reina enferma llega .
¿ dónde estaba el lobo ?
ella no era importante .
él comprará ese pescado , pero la hermana de Carlos y Elena pintaron la mesa con ese hombre .
tú tomarás mis cuchillos con ella , pero el cantante muy joven puede lanzar una galleta .
¿ dónde estará un conejo ?
Diego y su cantante llorarán delante de catorce mercados llenos rápidamente cuando yo puedo descansar .
ella tomó mis cajas para Pablo .
trece amigos tocaron su canción y diecinueve reyes cocinarán los huevos fuertes delante de la granja dulce .
las ranas no serán muy buenas cuando Pedro estaba sobre un mercado .
yo siempre compro leche .
nosotros no estábamos en UNESCO .
había once galletas cerradas .
nosotros estábamos en Boston .
el cantante cocinó un pastel .
nosotros encontraremos a Lucia .
ella estará limpia .
el caballo estará enfermo porque las abuelas amarán a Ana .
él está detrás de las camisas , pero yo dibujé esa abeja marrón .
Sofia y Diego beben el café de Diego .
un parque era largo .
ella es pobre y el niño de Elena abre una botella para un panadero .
unos hombres esperaron a la reina de Ana delante de los anillos .
él es negro .
¿ dónde está su anillo ?
Miguel nunca te busca sobre tu tren .
habrá té al lado de un anillo y siete mujeres muy negras no pueden saltar .
un mono no descansó detrás del restaurante y Lucia era marrón .
este granjero gritó por la noche .
ellos cerrarán esa ventana porque tu tío importante venderá el arroz en catorce montañas .
el hijo no prepara el té blanco .
su jugo está en MIT .
Miguel quiere las puertas .
siete enfermeras muy marrones lo amaron para mí cuando la mujer no quiere llevar un cuchillo .
el hijo gris caminó , pero trece abuelas nos ven con un camarero .
yo nunca llamé a tres pintores , pero él quería vender los osos lentos .
Carmen y el abogado malo nunca ayudan a estas mujeres todos los días .
ellos no necesitaron una botella famosa .
su camarero hizo un sándwich lentamente .
él estaba ocupado .
Ana estaba limpia .
Ana y Diego son feos .
su abuelo bailará y el camarero quiere llamar a Ana .
ella puede cantar .
el rey quería visitar a Juan .
Elena y Juan son grises .
una hermana triste quería lavar catorce osos .
la enfermera no es negra porque hay un coche viejo debajo del autobús .
catorce abuelos lo ayudan .
esta silla es amarilla , pero ella trabajará hoy .
nosotros lavaremos un coche otra vez cuando Carmen y Carmen viajaron por la noche .
once vecinos nos verán .
mis leones buscaron a los hermanos .
el escritor rico de Pablo tomó el limón muy dulce .
un tío no aprenderá la canción y ellos dibujan sus libros cerrados .
él no será tranquilo .
ella los mira .
nosotros queremos llorar .
el profesor era gris .
él estaba muy enfermo .
él vive en NASA porque él no puede nadar delante de los museos .
ella no estaba lista .
él siempre lavó la bicicleta para Maria , pero su rey malo usó la cuchara lentamente .
los camareros pueden comer el pan azul .
mi tío siempre cocinó el arroz porque nuestro hijo fue a dos parques llenos por la mañana .
él recibió seis billetes hoy .
él era divertido .
¿ dónde está la caja ?
este caballo descansó detrás de tres mantas .
Lucia llamará a Lucia .
el zorro malo ve esa oficina .
la hija de Carlos los miró al lado de la llave barata y él puede usar la flor .
esa hermana vio la tarjeta cara .
un vestido vacío estaba debajo de diecisiete parques .
los estudiantes pueden lanzar estas galletas muy dulces .
él no es tranquilo .
¿ dónde estaba ella ?
las mujeres compartieron las galletas hermosas .
ella no era marrón .
seis monos estaban muy contentos y este estudiante importante no puede beber su vino .
él no correrá a tres museos por la noche .
ella no limpia tu anillo muy hermoso .
él estará contento cuando él va a Toronto .
nosotros romperemos la flor cara delante del tren .
ella es muy marrón .
los cocineros de Maria siempre tienen ese elefante porque una mujer puede trabajar .
nuestro vino no será pequeño .
los búhos no esconden su pájaro aquí .
este arroz estaba en la ciudad .
ella estaba sobre diecisiete cucharas .
ella vivirá .
él quería dibujar un bosque porque un escritor limpio no compartió los libros por la mañana .
las niñas buenas beben la leche y él nunca lanzó una manzana divertida .
Lucia y Sofia comprarán catorce camas al lado de una cámara .
la madre comerá dieciséis huevos modernos .
¿ dónde estás tú ?
él no está enfermo .
Lucia no traerá las ensaladas mañana .
el jugo malo será grande .
las computadoras serán dulces .
Maria no venderá una tortuga .
Juan y Elena descansan detrás de los tenedores cuando este cantante muy rojo puede abrir una carta .
hay un abogado alto delante de las cucharas viejas .
su amigo viajó a Toronto .
ella no era rápida .
ella es muy alta cuando nuestra reina lenta limpió el jardín bueno de Miguel .
había un hermano .
ellos tocan mi canción .
dos reinas saltarán .
él estudiará mi libro cerca de una calle difícil por la noche .
dieciocho vecinos no ayudan a Elena .
los hombres pueden llorar .
había diecisiete plátanos en un restaurante .
un estudiante no estaba en el lago .
nosotros lanzamos el zapato delante de un reloj ayer .
trece hoteles eran blancos , pero ella es mala .
los cerdos estarán debajo de su regalo blanco .
él no busca los restaurantes delante del hospital roto y ella no es negra .
él trabajará para NYU .
ella no limpiará una mesa .
una uva será rápida .
tú preparaste su patata la semana pasada .
él era muy tranquilo .
ellos están al lado de esa granja , pero tú no estarás debajo de los lápices divertidos .
tú quieres abrir tres puertas .
Lucia y Sofia irán a muchos castillos feos .
el pato será malo .
ellos pueden ayudar a Maria .
habrá una vela en esta ciudad .
había diez padres cerca de unas canciones .
Pedro y Carmen no estaban sobre su árbol porque ella siempre vivirá para los pintores pobres .
él está debajo de su tienda sucia , pero nuestro jugo era muy blanco .
yo llevo veinte cucharas , pero ellos llorarán contigo .
¿ dónde estábamos nosotros ?
sus mujeres comieron la galleta de Sofia .
la hermana pobre escondió una taza , pero tú escribirás seis tarjetas delante de la taza bien .
él será joven .
el abogado feo usa las tazas por la noche .
Carlos irá a Madrid .
mi estación era importante .
la reina hermosa caminará a un parque porque ella miró el tigre muy listo de Pedro bien .
el hermano de Juan quería llegar a unos bancos .
los hijos no compartieron su vino .
